import { domainErrors } from '@event-tickets/service-kit';

export type TicketsErrorCode =
  | 'TICKET_NOT_FOUND'
  | 'ALREADY_CHECKED_IN'
  | 'NOT_YOUR_TICKET'
  | 'RESEND_TOO_SOON'
  | 'TICKET_VOIDED'
  | 'TICKET_CHECKED_IN'
  | 'TICKET_ALREADY_VOIDED'
  | 'NOTHING_TO_REFUND'
  | 'TICKETS_NOT_ISSUED';

export const ticketsError = domainErrors<TicketsErrorCode>({
  TICKET_NOT_FOUND: 404,
  ALREADY_CHECKED_IN: 409,
  NOT_YOUR_TICKET: 403,
  RESEND_TOO_SOON: 429,
  TICKET_VOIDED: 409,
  TICKET_CHECKED_IN: 409,
  TICKET_ALREADY_VOIDED: 409,
  NOTHING_TO_REFUND: 409,
  TICKETS_NOT_ISSUED: 409,
});

export const ticketNotFound = () => ticketsError('TICKET_NOT_FOUND', 'ticket is not found');
export const alreadyCheckedIn = (checkedInAt: Date) =>
  ticketsError('ALREADY_CHECKED_IN', 'ticket already checked in', {
    checkedInAt: checkedInAt.toISOString(),
  });
export const notYourTicket = () =>
  ticketsError('NOT_YOUR_TICKET', 'tickets are visible to the account that bought them or an admin only');
export const resendTooSoon = (retryAfter: number) =>
  ticketsError('RESEND_TOO_SOON', 'the ticket email was resent moments ago, try again later', {
    retryAfter,
  });
export const ticketVoided = (voidedAt: Date) =>
  ticketsError('TICKET_VOIDED', 'ticket was voided (refunded)', { voidedAt: voidedAt.toISOString() });

/** Refusals of a void (the refund that asked for it is rejected with the same code). */
export const voidRefused = {
  checkedIn: (passport: string) =>
    ticketsError('TICKET_CHECKED_IN', 'a checked-in ticket cannot be refunded', { passport }),
  alreadyVoided: (passport: string) =>
    ticketsError('TICKET_ALREADY_VOIDED', 'the ticket was already refunded', { passport }),
  nothing: () => ticketsError('NOTHING_TO_REFUND', 'every ticket of the order is checked in or refunded'),
  notIssued: (issued: number, quantity: number | undefined) =>
    ticketsError(
      'TICKETS_NOT_ISSUED',
      'the tickets of the order are not all issued yet, try again in a moment',
      {
        issued,
        ...(quantity === undefined ? {} : { quantity }),
      },
    ),
  notInOrder: (passport: string) =>
    ticketsError('TICKET_NOT_FOUND', 'ticket is not found in this order', { passport }),
};
