import { Injectable } from '@nestjs/common';
import { AppConfig } from '@event-tickets/service-kit';
import type { PaymentsEnv } from '../config/payments.env';
import { pathSegment } from '../purchases/events.client';

/** events' word on a payment that succeeded late: the seat is its after all, or no seat is left. */
export type ConfirmAnswer = 'CONFIRMED' | 'HOLD_LOST' | 'EVENT_CANCELLED';

/**
 * events' confirm of a hold (service token), for a payment that succeeded after its hold expired:
 * events takes the seat again if one is free. Throws when events cannot answer (the consumer retries).
 */
@Injectable()
export class HoldConfirmClient {
  constructor(private readonly config: AppConfig<PaymentsEnv>) {}

  async confirm(paymentId: string): Promise<ConfirmAnswer> {
    const url = `${this.config.env.EVENTS_URL.replace(/\/+$/, '')}/internal/holds/${pathSegment(paymentId)}/confirm`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.config.env.INTERNAL_API_TOKEN}` },
      signal: AbortSignal.timeout(this.config.env.EVENTS_TIMEOUT_MS),
    });
    const body = (await res.json().catch(() => undefined)) as { code?: unknown } | undefined;
    if (res.status === 200 || res.status === 201) return 'CONFIRMED';
    if (res.status === 409 && body?.code === 'EVENT_CANCELLED') return 'EVENT_CANCELLED';
    // No hold any more (HOLD_NOT_FOUND) or the seat went to someone else: no seat for it.
    if (res.status === 404 || (res.status === 409 && body?.code === 'HOLD_LOST')) return 'HOLD_LOST';
    throw new Error(`events answered the confirm of ${paymentId} with ${res.status}`);
  }
}
