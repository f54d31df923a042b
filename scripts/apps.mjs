/** The six apps, their ports, and the local defaults the start and test scripts apply. */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APPS = [
  { name: 'users', port: 3000 },
  { name: 'events', port: 3001 },
  { name: 'payments', port: 3002 },
  { name: 'clients', port: 3004 },
  { name: 'tickets', port: 4001 },
  { name: 'marketing', port: 3005 },
];

/** Connection settings of the local stack (scripts/stack/stack.sh env); anything already set wins. */
export const STACK_ENV = {
  DB_HOST: '127.0.0.1',
  DB_PORT: '5432',
  DB_USER: 'postgres',
  DB_PASSWORD: 'postgres',
  MONGODB_URL: 'mongodb://127.0.0.1:27017',
  KAFKA_BROKERS: '127.0.0.1:9092',
  MAIL_HOST: '127.0.0.1',
  MAIL_PORT: '1025',
  MAIL_API_URL: 'http://127.0.0.1:8025',
  EVENTS_URL: 'http://127.0.0.1:3001',
  TICKETS_URL: 'http://127.0.0.1:4001',
};

export const stackHome = () => process.env.ET_STACK_HOME || join(homedir(), '.cache', 'event-tickets');

const secretsDir = () => join(stackHome(), 'secrets');

/**
 * Where `npm start` listens: 127.0.0.1 unless BIND_ADDRESS says otherwise (the variable compose uses
 * for its published ports). A HOST in the caller's environment is not read: some shells export the
 * machine's name there, and a local run must not end up reachable from the network by accident.
 */
export const bindAddress = () => process.env.BIND_ADDRESS || '127.0.0.1';

/** The URL of a local app from this machine: at the bound address, or loopback when bound to all. */
export function localUrl(port) {
  const bound = bindAddress();
  const host = ['0.0.0.0', '::'].includes(bound) ? '127.0.0.1' : bound.includes(':') ? `[${bound}]` : bound;
  return `http://${host}:${port}`;
}

/** The admin password every local run used to have; it was published, so it is never generated. */
export const FORMER_ADMIN_PASSWORD = 'admin-password';

/**
 * The first admin of a local run: ADMIN_EMAIL or admin@event-tickets.local, and ADMIN_PASSWORD (or
 * ADMIN_PASSWORD_FILE) when given, else a random password generated once into the stack's secrets
 * (0600), never a documented one. `passwordFile` is where it is read from (undefined for ADMIN_PASSWORD).
 */
export function localAdmin() {
  const email = process.env.ADMIN_EMAIL || 'admin@event-tickets.local';
  if (process.env.ADMIN_PASSWORD) return { email, password: process.env.ADMIN_PASSWORD };
  const given = process.env.ADMIN_PASSWORD_FILE;
  const passwordFile = given || join(secretsDir(), 'admin-password');
  if (!given && !existsSync(passwordFile)) {
    mkdirSync(secretsDir(), { recursive: true, mode: 0o700 });
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return { email, password: readFileSync(passwordFile, 'utf8').trim(), passwordFile };
}

/**
 * Local secrets, generated once and kept in the stack folder: the RS256 key pair users signs with
 * (the other apps get the public half), the service token (payments presents it to events, and every
 * app to users for the token revocations), and the key payments seals payment tokens with.
 */
export function localSecrets() {
  const dir = secretsDir();
  const privatePath = join(dir, 'jwt-private.pem');
  const publicPath = join(dir, 'jwt-public.pem');
  const internalPath = join(dir, 'internal-api-token');
  const paymentKeysPath = join(dir, 'payment-token-keys');
  if (!existsSync(privatePath) || !existsSync(publicPath) || !existsSync(internalPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(publicPath, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
    writeFileSync(internalPath, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  if (!existsSync(paymentKeysPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(paymentKeysPath, `local=${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  return {
    JWT_PRIVATE_KEY_FILE: privatePath,
    JWT_PUBLIC_KEY_FILE: publicPath,
    INTERNAL_API_TOKEN_FILE: internalPath,
    PAYMENT_TOKEN_KEYS_FILE: paymentKeysPath,
  };
}

/** The caller's environment over the local stack's connection settings (what the tests run with). */
export function stackEnv(extra = {}) {
  const env = { ...process.env };
  for (const [k, v] of Object.entries({ ...STACK_ENV, ...extra }))
    if (env[k] === undefined || env[k] === '') env[k] = v;
  return env;
}

/** Every app's verifier polls users' token revocations (with the service token of localSecrets). */
const localRevocations = () => ({
  TOKEN_REVOCATIONS_URL: `${localUrl(process.env.USERS_PORT || 3000)}/internal/revocations`,
});

/** The environment `npm start` runs the apps with: the caller's, then local secrets and defaults. */
export function localEnv(extra = {}) {
  const env = { ...process.env, HOST: bindAddress() };
  const admin = localAdmin();
  const adminEnv = { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD_FILE: admin.passwordFile ?? '' };
  const defaults = { ...STACK_ENV, ...adminEnv, ...localSecrets(), ...localRevocations(), ...extra };
  const secretGiven = env.JWT_SECRET || env.JWT_PRIVATE_KEY || env.JWT_PUBLIC_KEY || env.JWT_JWKS_URL;
  for (const [k, v] of Object.entries(defaults)) {
    if (secretGiven && k.startsWith('JWT_')) continue;
    if (env.INTERNAL_API_TOKEN && k === 'INTERNAL_API_TOKEN_FILE') continue;
    if (env.PAYMENT_TOKEN_KEYS && k === 'PAYMENT_TOKEN_KEYS_FILE') continue;
    if ((env[k] === undefined || env[k] === '') && v !== '') env[k] = v;
  }
  return env;
}
