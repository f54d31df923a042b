import { domainErrors } from '@event-tickets/service-kit';

export type TicketsErrorCode =
  'TICKET_NOT_FOUND' | 'ALREADY_CHECKED_IN' | 'NOT_YOUR_TICKET' | 'RESEND_TOO_SOON';

export const ticketsError = domainErrors<TicketsErrorCode>({
  TICKET_NOT_FOUND: 404,
  ALREADY_CHECKED_IN: 409,
  NOT_YOUR_TICKET: 403,
  RESEND_TOO_SOON: 429,
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
