import { z } from 'zod';
import { defineMessage } from '../define-message';
import { required, text } from '../fields';
import { quantity, ticketTypeId } from '../order-fields';

/**
 * clients → tickets: issue and email a ticket. camelCase, as the original. `paymentId` (the key of
 * exactly one ticket per purchase), `eventDate` and `userId` (the buying account, which owns the
 * ticket; without it only admins read the ticket) are additive; the original sends none of them.
 * `quantity` (seats: one ticket each, all in one email; 1 when absent), `ticketTypeId` and
 * `ticketTypeName` are additive too.
 */
export const SendTicketV1 = defineMessage({
  type: 'clients.send-ticket',
  version: 1,
  topic: 'SEND_TICKET_TOPIC',
  payload: z.object({
    name: text(),
    email: required('email'),
    eventId: required('eventId'),
    eventName: text(),
    eventDescription: text(),
    eventImageUrl: text(),
    language: text(),
    paymentId: z.string().min(1).optional(),
    eventDate: z.string().optional(),
    userId: z.string().min(1).optional(),
    quantity: quantity(),
    ticketTypeId: ticketTypeId(),
    ticketTypeName: z.string().optional(),
  }),
});
