export { startApp, uniqueName } from './apps';
export type { RunningApp } from './apps';
export { createTestDatabase, queryDatabase } from './postgres';
export { STACK_DEFAULTS } from './stack-env';
export { createTopics, produce, readTopic, testKafka } from './kafka';
export type { Received, RawMessage } from './kafka';
export { eventually, stack } from './stack';
export { ensureTestKeys, foreignPrivateKey, signToken } from './tokens';
export type { TestClaims } from './tokens';
