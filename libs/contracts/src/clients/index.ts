export { ClientCreatedV1 } from './client-created.message';
export { SendTicketV1 } from './send-ticket.message';
