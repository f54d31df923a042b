import { Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import { AppConfig, DomainError } from '@event-tickets/service-kit';
import { paymentsMetrics } from '../common/payments.metrics';
import type { PaymentsEnv } from '../config/payments.env';
import { PURCHASE_MESSAGES, purchasesError } from './purchases.errors';

/** events' answer to a hold (its internal API): the seat, and the authoritative price and details. */
const holdSchema = z.object({
  payment_id: z.string(),
  event_id: z.coerce.string(),
  status: z.enum(['HELD', 'SOLD']),
  expires_at: z.coerce.date(),
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
  }),
});

export type SeatHold = z.output<typeof holdSchema>;

const unavailable = () => purchasesError('EVENTS_UNAVAILABLE', PURCHASE_MESSAGES.EVENTS_UNAVAILABLE);

/**
 * The events service's seat-hold API, with the service token. A network error, a timeout, a 5xx or
 * an answer that is not the contract is "events unavailable" (503): the purchase can be retried.
 */
@Injectable()
export class EventsClient {
  private readonly logger = new Logger(EventsClient.name);
  private readonly baseUrl: string;

  constructor(private readonly config: AppConfig<PaymentsEnv>) {
    this.baseUrl = config.env.EVENTS_URL.replace(/\/+$/, '');
  }

  /** Holds a seat for the payment (idempotent per payment id on the events side). */
  async hold(eventId: string, paymentId: string): Promise<SeatHold> {
    const path = `/internal/events/${encodeURIComponent(eventId)}/holds`;
    const res = await this.post('hold', path, { payment_id: paymentId });
    const body = await res.json().catch(() => undefined);
    if (res.status === 200 || res.status === 201) {
      const parsed = holdSchema.safeParse(body);
      if (parsed.success) return parsed.data;
      this.logger.error({ paymentId, status: res.status }, 'events answered a hold that is not the contract');
      throw unavailable();
    }
    const code = (body as { code?: unknown } | undefined)?.code;
    // 400: events takes integer ids only; any other id names no event.
    if (res.status === 404 || res.status === 400)
      throw purchasesError('EVENT_NOT_FOUND', PURCHASE_MESSAGES.EVENT_NOT_FOUND);
    if (res.status === 409 && code === 'SOLD_OUT')
      throw purchasesError('SOLD_OUT', PURCHASE_MESSAGES.SOLD_OUT);
    this.logger.error({ paymentId, status: res.status, code }, 'events refused the hold unexpectedly');
    throw unavailable();
  }

  /** Gives the seat back; best effort (the hold's TTL on the events side is the safety net). */
  async release(paymentId: string): Promise<void> {
    try {
      const res = await this.post('release', `/internal/holds/${encodeURIComponent(paymentId)}/release`);
      await res.arrayBuffer().catch(() => undefined);
      if (res.status !== 200 && res.status !== 404)
        this.logger.warn({ paymentId, status: res.status }, 'hold not released; it will expire');
    } catch (error) {
      this.logger.warn({ paymentId, err: error }, 'hold not released; it will expire');
    }
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
