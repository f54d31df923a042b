import { DomainError } from '@event-tickets/service-kit';

/** The memory is per event and ticket type ("" for the default type of a body without one). */
export const soldOutKey = (body: { event_id: string; ticket_type_id?: string | null }) =>
  `${body.event_id}:${body.ticket_type_id ?? ''}`;

/**
 * A refusal that means no seat at all is left of the type, not merely fewer than an order asked for
 * (events says how many are left; without it, a refused single seat means none).
 */
export function noSeatLeft(error: unknown, quantity: number): boolean {
  if (!(error instanceof DomainError) || error.code !== 'SOLD_OUT') return false;
  const available = error.details?.available;
  return available === undefined ? quantity === 1 : available === 0;
}

/**
 * Events (ticket types) this process was told are sold out, for `memoryMs` after events said so: a purchase of one
 * of them is answered 409 SOLD_OUT at once, without a rate-limit hit, a `hold_releases` row or a call
 * to events. On an on-sale of a few thousand buyers for a few hundred seats, most purchases end here,
 * and each costs the platform nothing. A seat that comes back (a failed payment, an expired hold) is
 * on sale again to this process at most `memoryMs` later; 0 turns the memory off.
 */
export class RecentlySoldOut {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly memoryMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  remember(eventId: string): void {
    if (this.memoryMs <= 0) return;
    if (this.until.size > 10_000) this.forgetExpired();
    this.until.set(eventId, this.now() + this.memoryMs);
  }

  has(eventId: string): boolean {
    const until = this.until.get(eventId);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.until.delete(eventId);
    return false;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [eventId, until] of this.until) if (until <= now) this.until.delete(eventId);
  }
}
