import { z } from 'zod';
import type { TopicVariable } from './topics';

/** The outcome of reading a message from the wire: never throws, so consumers can dead-letter. */
export type ParseResult<T> = { ok: true; payload: T } | { ok: false; reason: string };

export interface MessageContract<S extends z.ZodTypeAny> {
  /** `message-type` header value, e.g. `payments.payment-succeeded`. */
  readonly type: string;
  /** `schema-version` header value; bumped only for a breaking change (a new contract beside the old). */
  readonly version: number;
  /** The env variable naming the topic; its default value is the same literal (the original's names). */
  readonly topic: TopicVariable;
  readonly schema: S;
  /** Producer side: validates before anything is written to the outbox; throws on a programmer error. */
  create(payload: z.input<S>): z.output<S>;
  /** Consumer side: tolerant reader (unknown keys are stripped), returns the reason when invalid. */
  parse(raw: unknown): ParseResult<z.output<S>>;
}

export type PayloadOf<C> = C extends MessageContract<infer S> ? z.output<S> : never;

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

export function defineMessage<S extends z.ZodTypeAny>(def: {
  type: string;
  version: number;
  topic: TopicVariable;
  payload: S;
}): MessageContract<S> {
  return {
    type: def.type,
    version: def.version,
    topic: def.topic,
    schema: def.payload,
    create(payload) {
      const result = def.payload.safeParse(payload);
      if (!result.success) {
        throw new Error(`invalid ${def.type} v${def.version} payload: ${describeIssues(result.error)}`);
      }
      return result.data;
    },
    parse(raw) {
      let value = raw;
      if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
        try {
          value = JSON.parse(raw.toString());
        } catch {
          return { ok: false, reason: 'payload is not valid JSON' };
        }
      }
      const result = def.payload.safeParse(value);
      return result.success
        ? { ok: true, payload: result.data }
        : {
            ok: false,
            reason: `payload does not match ${def.type} v${def.version}: ${describeIssues(result.error)}`,
          };
    },
  };
}
