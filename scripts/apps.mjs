/** The six apps, their ports, and the local-stack defaults the start and test scripts apply. */
export const APPS = [
  { name: 'users', port: 3000 },
  { name: 'events', port: 3001 },
  { name: 'payments', port: 3002 },
  { name: 'clients', port: 3004 },
  { name: 'tickets', port: 4001 },
  { name: 'marketing', port: 3005 },
];

/** Connection settings of the local stack; anything already in the environment wins. */
export const STACK_ENV = {
  DB_HOST: '127.0.0.1',
  DB_PORT: '5432',
  DB_USER: 'postgres',
  DB_PASSWORD: 'postgres',
  MONGODB_URL: 'mongodb://127.0.0.1:27017',
  KAFKA_BROKERS: '127.0.0.1:9092',
  MAIL_HOST: '127.0.0.1',
  MAIL_PORT: '1025',
};

export function localEnv(extra = {}) {
  const env = { ...process.env };
  for (const [k, v] of Object.entries({ ...STACK_ENV, ...extra }))
    if (env[k] === undefined || env[k] === '') env[k] = v;
  return env;
}
