import { type FirstFailure, Rule } from '@event-tickets/service-kit';

export const MAX_NAME_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 254;

export interface NewClient {
  name: string;
  email: string;
}

type Field = 'name' | 'email';
const mandatory = (field: Field) => `the ${field} field is mandatory`;
const notAString = (field: Field) => `the ${field} field must be a string`;
const tooLong = (field: Field, max: number) => `the ${field} field must be at most ${max} characters`;
const INVALID_EMAIL = 'the email field is invalid';

/**
 * The original's rules for a client, checked in its order so the first failing rule is the
 * message: name, then email. Added: a string type check, length limits and a minimal email shape
 * check (the original stored any text as an email).
 */
export const CLIENT_RULES: FirstFailure = {
  code: 'INVALID_CLIENT',
  order: [
    mandatory('name'),
    notAString('name'),
    tooLong('name', MAX_NAME_LENGTH),
    mandatory('email'),
    notAString('email'),
    tooLong('email', MAX_EMAIL_LENGTH),
    INVALID_EMAIL,
  ],
  notAnObject: 'Body is invalid',
};

/** One field: absent/blank → mandatory; not a string → type error; too long → length error. */
export const ClientText =
  (field: Field, max: number): PropertyDecorator =>
  (target, property) => {
    Rule({
      name: 'mandatory',
      schema: { minLength: 1 },
      message: mandatory(field),
      validate: (v) => v !== undefined && v !== null && v !== '',
    })(target, property);
    Rule({
      name: 'string',
      schema: { type: 'string' },
      message: notAString(field),
      validate: (v) => typeof v === 'string',
    })(target, property);
    Rule({
      name: 'maxCodePoints',
      schema: { maxLength: max },
      message: tooLong(field, max),
      validate: (v) => typeof v !== 'string' || [...v].length <= max,
    })(target, property);
  };

/** One `@`, something on both sides, no spaces: enough to tell an address from a typo. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export const EmailShape = () =>
  Rule({
    name: 'emailShape',
    schema: { pattern: EMAIL.source },
    message: INVALID_EMAIL,
    validate: (v) => typeof v !== 'string' || v === '' || EMAIL.test(v),
  });

/** Emails are compared case-insensitively (and without surrounding spaces). */
export function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
