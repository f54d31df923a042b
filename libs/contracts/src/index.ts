export * as Payments from './payments';
export * as Clients from './clients';
export { defineMessage, describeIssues } from './define-message';
export type { MessageContract, ParseResult, PayloadOf } from './define-message';
export { TOPIC_VARIABLES, topicName, deadLetterTopic } from './topics';
export type { TopicVariable } from './topics';
export { MessageHeader, messageMetadataSchema, readMetadata, writeMetadata } from './headers';
export type { MessageMetadata } from './headers';
export { ALL_CONTRACTS } from './catalogue';
