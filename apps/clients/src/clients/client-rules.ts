import { clientsError } from './clients.errors';

export const MAX_NAME_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 254;

export interface NewClient {
  name: string;
  email: string;
}

const invalid = (message: string) => clientsError('INVALID_CLIENT', message);

/** One field: absent/blank → mandatory; not a string → type error; too long → length error. */
function field(body: Record<string, unknown>, name: 'name' | 'email', max: number): string {
  const value = body[name];
  if (value === undefined || value === null) throw invalid(`the ${name} field is mandatory`);
  if (typeof value !== 'string') throw invalid(`the ${name} field must be a string`);
  const trimmed = value.trim();
  if (!trimmed) throw invalid(`the ${name} field is mandatory`);
  if (trimmed.length > max) throw invalid(`the ${name} field must be at most ${max} characters`);
  return trimmed;
}

/** One `@`, something on both sides, no spaces: enough to tell an address from a typo. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * The original's rules for a client (reference §4.3), checked in its order so the first failing
 * rule is the message: name, then email. Added: a string type check, length limits and a minimal
 * email shape check (the original stored any text as an email).
 */
export function newClient(body: unknown): NewClient {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw invalid('Body is invalid');
  }
  const fields = (body ?? {}) as Record<string, unknown>;
  const name = field(fields, 'name', MAX_NAME_LENGTH);
  const email = field(fields, 'email', MAX_EMAIL_LENGTH);
  if (!EMAIL.test(email)) throw invalid('the email field is invalid');
  return { name, email };
}

/** Emails are compared case-insensitively (and without surrounding spaces). */
export function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
