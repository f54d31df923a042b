import { ensureTestKeys } from './tokens';

/**
 * The local stack's connection settings (scripts/stack/stack.sh env), applied under whatever the
 * environment already says, so tests can be pointed at other servers.
 */
export const STACK_DEFAULTS: Record<string, string> = {
  DB_HOST: '127.0.0.1',
  DB_PORT: '5432',
  DB_USER: 'postgres',
  DB_PASSWORD: 'postgres',
  MONGODB_URL: 'mongodb://127.0.0.1:27017',
  KAFKA_BROKERS: '127.0.0.1:9092',
  MAIL_HOST: '127.0.0.1',
  MAIL_PORT: '1025',
  MAIL_API_URL: 'http://127.0.0.1:8025',
  PROMETHEUS_URL: 'http://127.0.0.1:9090',
  LOG_LEVEL: 'error',
  NODE_ENV: 'test',
  KAFKA_TOPIC_PARTITIONS: '1',
};

for (const [key, value] of Object.entries(STACK_DEFAULTS)) process.env[key] ??= value;

ensureTestKeys();
