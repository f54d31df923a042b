import { Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import { AppConfig, DomainError } from '@event-tickets/service-kit';
import { paymentsMetrics } from '../common/payments.metrics';
import { isEventId } from '../common/event-id';
import type { PaymentsEnv } from '../config/payments.env';
import { type HoldOrder, holdRefusal } from './hold-refusals';
import { PURCHASE_MESSAGES, purchasesError } from './purchases.errors';

/**
 * events' answer to a hold (its internal API): the seats, and the authoritative price (of one seat,
 * of the ticket type held) and details. `quantity` and `ticket_type` are absent from an events that
 * predates ticket types: one seat of the event.
 */
const holdSchema = z.object({
  payment_id: z.string(),
  event_id: z.coerce.string(),
  status: z.enum(['HELD', 'SOLD']),
  expires_at: z.coerce.date(),
  quantity: z.number().int().positive().default(1),
  ticket_type: z.object({ id: z.coerce.string(), name: z.string().default('') }).nullish(),
  event: z.object({
    name: z.string().default(''),
    description: z
      .string()
      .nullish()
      .transform((v) => v ?? ''),
    image_url: z
      .string()
      .nullish()
      .transform((v) => v ?? ''),
    price: z.coerce.number().finite().nonnegative(),
    currency: z.string().default(''),
    event_date: z
      .string()
      .nullish()
      .transform((v) => v ?? null),
    /** Buyers may refund until this many hours before the event; absent: no cutoff. */
    refund_cutoff_hours: z.number().finite().nonnegative().nullish(),
  }),
});

export type SeatHold = z.output<typeof holdSchema>;

const extendSchema = z.object({ status: z.enum(['HELD', 'SOLD']), expires_at: z.coerce.date() });

/** Seconds a purchase refused because events is unreachable or slow is told to wait. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

const unavailable = () =>
  purchasesError('EVENTS_UNAVAILABLE', PURCHASE_MESSAGES.EVENTS_UNAVAILABLE, {
    retryAfter: UNAVAILABLE_RETRY_AFTER_SECONDS,
  });

/** events answered: no seat is held for this payment (a clean refusal, nothing to give back). */
export function heldNothing(error: unknown): boolean {
  return error instanceof DomainError && error.code !== 'EVENTS_UNAVAILABLE';
}

/** The hold is of the seats asked for: as many, and of the ticket type named (if one was). */
function holdsTheOrder(hold: SeatHold, order: HoldOrder): boolean {
  if (hold.quantity !== (order.quantity ?? 1)) return false;
  return order.ticketTypeId === undefined || hold.ticket_type?.id === String(Number(order.ticketTypeId));
}

/**
 * One URL path segment. Encoding keeps a slash or a `%` inside the segment, but `.` and `..` stay as
 * they are and a URL parser resolves them (`/internal/events/../holds` is `/internal/holds`): refused.
 */
export function pathSegment(value: string): string {
  if (value === '' || value === '.' || value === '..') throw new Error(`not a path segment: "${value}"`);
  return encodeURIComponent(value);
}

/** events' ticket type ids are integers (PostgreSQL INT): a larger one names no type. */
const MAX_TYPE_ID = 2_147_483_647;

/** events reads event ids as integers: only such an id can name the event of a release. */
const eventIdField = (eventId: string) =>
  /^[1-9]\d{0,9}$/.test(eventId) ? { event_id: Number(eventId) } : {};

/**
 * The events service's seat-hold API, with the service token. A network error, a timeout, a 5xx or
 * an answer that is not the contract is "events unavailable" (503, Retry-After): the purchase can be
 * retried, and whether events took the hold is unknown (the caller releases it).
 */
@Injectable()
export class EventsClient {
  private readonly logger = new Logger(EventsClient.name);
  private readonly baseUrl: string;

  constructor(private readonly config: AppConfig<PaymentsEnv>) {
    this.baseUrl = config.env.EVENTS_URL.replace(/\/+$/, '');
  }

  /**
   * Holds the order's seats for the payment for `ttlSeconds`, all or none (idempotent per payment id
   * on the events side). A purchase without order fields sends today's body.
   */
  async hold(
    eventId: string,
    paymentId: string,
    ttlSeconds: number,
    order: HoldOrder = {},
  ): Promise<SeatHold> {
    // The request validation lets only digits through; this holds for any other caller too.
    if (!isEventId(eventId)) throw purchasesError('EVENT_NOT_FOUND', PURCHASE_MESSAGES.EVENT_NOT_FOUND);
    const typeId = order.ticketTypeId;
    if (typeId !== undefined && !(isEventId(typeId) && Number(typeId) <= MAX_TYPE_ID))
      throw purchasesError('TICKET_TYPE_NOT_FOUND', PURCHASE_MESSAGES.TICKET_TYPE_NOT_FOUND);
    const path = `/internal/events/${pathSegment(eventId)}/holds`;
    const res = await this.post('hold', path, {
      payment_id: paymentId,
      ttl_seconds: ttlSeconds,
      ...(order.quantity === undefined ? {} : { quantity: order.quantity }),
      ...(typeId === undefined ? {} : { ticket_type_id: Number(typeId) }),
    });
    const body = await res.json().catch(() => undefined);
    if (res.status === 200 || res.status === 201) {
      const parsed = holdSchema.safeParse(body);
      if (parsed.success && holdsTheOrder(parsed.data, order)) return parsed.data;
      // Whatever it holds is not what is being paid for: given back by the caller, never charged.
      this.logger.error({ paymentId, status: res.status }, 'events answered a hold that is not the contract');
      throw unavailable();
    }
    const refusal = holdRefusal(res.status, body);
    if (refusal) throw refusal;
    // HOLD_RELEASED: this attempt was given up and released already; a retry is a new attempt.
    const code = (body as { code?: unknown } | undefined)?.code;
    this.logger.error({ paymentId, status: res.status, code }, 'events refused the hold unexpectedly');
    throw unavailable();
  }

  /**
   * The payment is stored: its hold lasts events' full length from now. Returns the new expiry, or
   * undefined when events has no hold to extend (the payment was settled and released meanwhile).
   */
  async extend(paymentId: string): Promise<Date | undefined> {
    const res = await this.post('extend', `/internal/holds/${pathSegment(paymentId)}/extend`);
    const body = await res.json().catch(() => undefined);
    if (res.status === 200) {
      const parsed = extendSchema.safeParse(body);
      if (parsed.success) return parsed.data.expires_at;
      throw unavailable();
    }
    this.logger.warn({ paymentId, status: res.status }, 'hold not extended');
    return undefined;
  }

  /**
   * Gives the seat back (idempotent). With the event id, events also remembers the release when it
   * has no hold yet, so the hold request cannot take a seat if it arrives late. Throws when events
   * did not answer (retry); any answer but a server error means there is nothing left to release.
   */
  async release(paymentId: string, eventId: string): Promise<void> {
    const res = await this.post(
      'release',
      `/internal/holds/${pathSegment(paymentId)}/release`,
      eventIdField(eventId),
    );
    await res.arrayBuffer().catch(() => undefined);
    if (res.status !== 200 && res.status !== 404)
      this.logger.error({ paymentId, status: res.status }, 'events refused to release a hold');
  }

  private async post(operation: string, path: string, body?: unknown): Promise<Response> {
    const stop = paymentsMetrics.eventsCalls.startTimer({ operation });
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.config.env.INTERNAL_API_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.env.EVENTS_TIMEOUT_MS),
      });
      stop({ outcome: String(res.status) });
      if (res.status >= 500) {
        await res.arrayBuffer().catch(() => undefined);
        this.logger.warn({ operation, status: res.status }, 'events answered a server error');
        throw unavailable();
      }
      return res;
    } catch (error) {
      if (error instanceof DomainError) throw error;
      stop({ outcome: 'network_error' });
      this.logger.warn({ operation, err: error }, 'events unreachable');
      throw unavailable();
    }
  }
}
