import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@event-tickets/service-kit';
import { TicketsRepository } from '../store/tickets.repository';
import { VoidsRepository } from '../store/voids.repository';
import { ticketMetrics } from '../tickets.metrics';
import { toTicketResponse, type TicketResponse } from './ticket.response';
import { alreadyCheckedIn, ticketNotFound, ticketVoided } from './tickets.errors';

/**
 * Admits a ticket once. The check-in is decided by inserting `check_ins {_id: passport}` (unique), so
 * of any number of simultaneous scans exactly one wins; every other one gets 409 with the time of
 * the winning check-in. A refund voids a ticket through the same insert: a voided ticket (even one
 * voided a moment before this scan) gets 409 TICKET_VOIDED, never a check-in.
 */
@Injectable()
export class CheckInUseCase {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly voids: VoidsRepository,
  ) {}

  async execute(input: { passport: string; caller: AuthUser }): Promise<TicketResponse> {
    const ticket = await this.tickets.findByPassport(input.passport);
    if (!ticket) {
      ticketMetrics.checkIns.inc({ outcome: 'not_found' });
      throw ticketNotFound();
    }
    if (ticket.voidedAt) {
      ticketMetrics.checkIns.inc({ outcome: 'voided' });
      throw ticketVoided(ticket.voidedAt);
    }
    if (ticket.checkedInAt) {
      ticketMetrics.checkIns.inc({ outcome: 'already_checked_in' });
      throw alreadyCheckedIn(ticket.checkedInAt);
    }
    const outcome = await this.tickets.recordCheckIn(ticket.passport, new Date(), input.caller.id);
    // The winner copies the decision onto the ticket; a loser repeats the same write, which repairs a
    // winner that died between the two writes.
    if (outcome.voided) {
      await this.voids.setVoided(ticket.passport, outcome.voided.at, outcome.voided.refundId ?? '');
      ticketMetrics.checkIns.inc({ outcome: 'voided' });
      throw ticketVoided(outcome.voided.at);
    }
    const { won, checkedInAt } = outcome;
    await this.tickets.setCheckedIn(ticket.passport, checkedInAt);
    if (!won) {
      ticketMetrics.checkIns.inc({ outcome: 'already_checked_in' });
      throw alreadyCheckedIn(checkedInAt);
    }
    ticketMetrics.checkIns.inc({ outcome: 'checked_in' });
    return toTicketResponse({ ...ticket, checkedInAt });
  }
}
