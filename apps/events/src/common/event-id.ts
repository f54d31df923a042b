import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { domainErrors } from '@event-tickets/service-kit';

const MAX_ID = 2_147_483_647;

const eventIdError = domainErrors<'INVALID_EVENT_ID'>({ INVALID_EVENT_ID: 400 });

/**
 * An event id from the path: an integer, else 400 (the original read "abc" as 0 and answered 404).
 * An integer no SERIAL can reach (0, negative, beyond int4) is `undefined`: it names no event (404).
 */
export function parseEventId(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^[+-]?\d+$/.test(raw)) {
    throw eventIdError('INVALID_EVENT_ID', 'the eventId must be an integer');
  }
  const id = Number(raw);
  return id >= 1 && id <= MAX_ID ? id : undefined;
}

/**
 * `@EventId() eventId: number | undefined` — read from `:eventId` as a custom decorator, so the global
 * ValidationPipe's implicit number conversion ("0x10" → 16, "1e3" → 1000) never runs on it.
 */
export const EventId = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  parseEventId(
    ctx.switchToHttp().getRequest<FastifyRequest<{ Params: { eventId?: string } }>>().params.eventId,
  ),
);

/** `@TypeId() typeId: number | undefined` — `:typeId` read like an event id (a ticket type's SERIAL id). */
export const TypeId = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const raw = ctx.switchToHttp().getRequest<FastifyRequest<{ Params: { typeId?: string } }>>().params.typeId;
  if (raw === undefined || !/^[+-]?\d+$/.test(raw))
    throw eventIdError('INVALID_EVENT_ID', 'the typeId must be an integer');
  return parseEventId(raw);
});
