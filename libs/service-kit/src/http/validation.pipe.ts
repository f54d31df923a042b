import {
  type ArgumentMetadata,
  BadRequestException,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { DomainError } from './domain-error';
import { PageQuery } from './page-query';
import { firstFailureOf, type FirstFailure } from './request-schema';

function flatten(errors: ValidationError[], parent = ''): { field: string; messages: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** The failure earliest in the class's declared order (a message it does not list comes last). */
function firstFailure(rules: FirstFailure, messages: string[]): DomainError {
  const rank = (m: string) => (rules.order.includes(m) ? rules.order.indexOf(m) : Infinity);
  const first = messages.reduce((a, b) => (rank(b) < rank(a) ? b : a));
  return new DomainError(rules.code, first, 400);
}

/**
 * Request validation, one way for every app: the class-validator rules of a `@RequestSchema()` class
 * (which are also its OpenAPI schema). Unknown fields are stripped (as the original marketing did),
 * values transformed; a failure is a 400 with the messages joined in `message` (the original users
 * format) and listed per field, or, for a class declaring `firstFailure`, the first failing rule's
 * message and code.
 */
class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      transform: true,
      stopAtFirstError: false,
      // The target tells the exception factory which class failed (never sent: only messages are).
      validationError: { target: true },
      exceptionFactory: (errors) => {
        const fields = flatten(errors);
        const messages = fields.flatMap((f) => f.messages);
        const ordered = firstFailureOf((errors[0]?.target as object | undefined)?.constructor);
        if (ordered && messages.length) return firstFailure(ordered, messages);
        return new BadRequestException({ message: messages, errors: fields });
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A bare page query cannot fail and `pageRequest` reads only its two keys: skip the validator's
    // cost (tens of microseconds) on the catalogue read, the hottest route.
    if (metadata.metatype === PageQuery) return value;
    const ordered = firstFailureOf(metadata.metatype);
    if (ordered && metadata.type === 'body') {
      const nil = value === null || value === undefined;
      const notAnObject = nil ? ordered.nullIsNotAnObject : typeof value !== 'object' || Array.isArray(value);
      if (notAnObject) throw new DomainError(ordered.code, ordered.notAnObject, 400);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe();
}

/** Runs a body through the same pipe as a request (for unit tests of request classes). */
export async function validateBody<T>(type: new () => T, body: unknown): Promise<T> {
  return (await createValidationPipe().transform(body, { type: 'body', metatype: type })) as T;
}
