import { Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import { AppConfig } from '@event-tickets/service-kit';
import type { PaymentsEnv } from '../config/payments.env';
import { pathSegment } from '../purchases/events.client';
import { VOID_REFUSALS, type VoidRefusal } from './refunds.errors';

const voidedSchema = z.object({
  passports: z.array(z.string()),
  quantity: z.number().int().min(0),
});

export type VoidResult =
  { voided: true; passports: string[]; quantity: number } | { voided: false; code: VoidRefusal };

/** Tickets did not answer (or not to the contract): the refund stays where it is and is retried. */
export class TicketsUnavailable extends Error {}

const TIMEOUT_MS = 5000;

/**
 * tickets' voids route (service token): voids the order's tickets for one refund, idempotent per
 * refund id, so a retried call after a crash or a timeout voids nothing twice.
 */
@Injectable()
export class TicketsClient {
  private readonly logger = new Logger(TicketsClient.name);
  private readonly baseUrl: string;

  constructor(private readonly config: AppConfig<PaymentsEnv>) {
    this.baseUrl = config.env.TICKETS_URL.replace(/\/+$/, '');
  }

  /**
   * `includeCheckedIn`: the event was cancelled, so a ticket already checked in is refunded too (the
   * event will not happen); otherwise a checked-in ticket refuses the void.
   */
  async void(
    paymentId: string,
    refundId: string,
    passports: string[] | null,
    includeCheckedIn = false,
  ): Promise<VoidResult> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/internal/payments/${pathSegment(paymentId)}/voids`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.config.env.INTERNAL_API_TOKEN}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          refund_id: refundId,
          ...(passports ? { passports } : {}),
          ...(includeCheckedIn ? { include_checked_in: true } : {}),
        }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new TicketsUnavailable(`tickets unreachable: ${(error as Error).message}`);
    }
    const body = (await res.json().catch(() => undefined)) as { code?: unknown } | undefined;
    if (res.status === 200 || res.status === 201) {
      const parsed = voidedSchema.safeParse(body);
      if (parsed.success) return { voided: true, ...parsed.data };
    } else if (typeof body?.code === 'string' && body.code in VOID_REFUSALS) {
      return { voided: false, code: body.code as VoidRefusal };
    }
    this.logger.warn({ paymentId, refundId, status: res.status }, 'tickets answered a void off-contract');
    throw new TicketsUnavailable(`tickets answered ${res.status}`);
  }
}
