/** The message can never be processed (a domain rule makes it meaningless): dead-letter it, go on. */
export class PermanentMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentMessageError';
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNECTION', // nodemailer
  'ESOCKET', // nodemailer
  'EDNS', // nodemailer
]);

/**
 * Infrastructure failures that will pass when the server is back: retried without limit (the offset
 * is not committed, so nothing is lost). Anything else is retried a few times, then dead-lettered.
 */
export function isTransient(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth += 1) {
    const err = e as {
      code?: unknown;
      name?: string;
      message?: string;
      responseCode?: number;
      driverError?: unknown;
      cause?: unknown;
    };
    const code = typeof err.code === 'string' ? err.code : '';
    if (NETWORK_CODES.has(code)) return true;
    // PostgreSQL SQLSTATE: connection exceptions, shutdown, resources, serialization, deadlock.
    if (/^(08|53|57P|40001|40P01)/.test(code)) return true;
    if (err.name && /^(MongoNetwork|MongoServerSelection|MongoNotConnected|MongoPool|KafkaJS)/.test(err.name))
      return true;
    if (typeof err.responseCode === 'number' && err.responseCode >= 400 && err.responseCode < 500)
      return true; // SMTP 4xx
    const message = err.message ?? '';
    if (
      /Connection terminated|connection timeout|Reached maximum number of retries after connection was closed|Greeting never received|Client has encountered a connection error|not connected|ECONNREFUSED|socket hang up/i.test(
        message,
      )
    )
      return true;
    e = err.driverError ?? err.cause;
  }
  return false;
}

/**
 * Why a failed message goes to its dead-letter topic now, or undefined when it is tried again:
 * transient failures are retried without limit, a PermanentMessageError is dead-lettered at once, and
 * any other error after `maxAttempts` attempts.
 */
export function deadLetterReason(error: unknown, attempt: number, maxAttempts: number): string | undefined {
  if (isTransient(error)) return undefined;
  if (error instanceof PermanentMessageError) return error.message;
  if (attempt >= maxAttempts) return `handler failed ${attempt} times: ${(error as Error).message}`;
  return undefined;
}
