import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import type { Role } from '@event-tickets/service-kit';

/** A fresh payment-token key ring (one key), as PAYMENT_TOKEN_KEYS (or its file) holds it. */
export function paymentTokenKeys(kid = 'test'): string {
  return `${kid}=${randomBytes(32).toString('base64')}`;
}

/**
 * One RSA key pair per test process, published through the env variables the apps read
 * (JWT_PRIVATE_KEY for users, JWT_PUBLIC_KEY for every verifier), and one payment-token key ring
 * (PAYMENT_TOKEN_KEYS, for payments), unless the environment has its own.
 */
export function ensureTestKeys(): void {
  if (!process.env.PAYMENT_TOKEN_KEYS && !process.env.PAYMENT_TOKEN_KEYS_FILE)
    process.env.PAYMENT_TOKEN_KEYS = paymentTokenKeys();
  if (process.env.JWT_PRIVATE_KEY && process.env.JWT_PUBLIC_KEY) return;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  process.env.JWT_PRIVATE_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  process.env.JWT_PUBLIC_KEY = publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

export interface TestClaims {
  id: string;
  email: string;
  /** Any of the kit's roles (ADMIN, STAFF, PUBLIC), so tests follow the kit when a role is added. */
  role: Role;
}

export interface SignOptions {
  expiresInSeconds?: number;
  privateKeyPem?: string;
  issuedAt?: number;
  /** `iss`: JWT_ISSUER's default unless given; `null` leaves it out. */
  issuer?: string | null;
  /** `aud`: JWT_AUDIENCE's default unless given (another one makes a wrong-audience token); `null` leaves it out. */
  audience?: string | null;
}

/** A token as users issues it (RS256, the original's claims with `iss` and `aud`), for tests of the other apps. */
export async function signToken(claims: TestClaims, options: SignOptions = {}): Promise<string> {
  const key = await importPKCS8(options.privateKeyPem ?? process.env.JWT_PRIVATE_KEY!, 'RS256');
  const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const issuer =
    options.issuer === undefined ? (process.env.JWT_ISSUER ?? 'event-tickets-users') : options.issuer;
  const audience =
    options.audience === undefined ? (process.env.JWT_AUDIENCE ?? 'event-tickets') : options.audience;
  const jwt = new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.expiresInSeconds ?? 3600));
  if (issuer !== null) jwt.setIssuer(issuer);
  if (audience !== null) jwt.setAudience(audience);
  return jwt.sign(key);
}

/** A key pair nobody trusts, to sign tokens that must be refused. */
export function foreignPrivateKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
}
