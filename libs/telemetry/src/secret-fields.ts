/**
 * Field (and header) names whose values are secrets: never written to a log line, never kept in clear
 * in a dead letter. One list for both.
 */
export const SECRET_FIELDS = ['password', 'token', 'payment_token', 'authorization', 'cookie'] as const;

/** What a secret's value is replaced with. */
export const REDACTED = '[redacted]';
