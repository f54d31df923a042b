import * as Clients from './clients';
import * as Events from './events';
import * as Payments from './payments';

/** Every message contract, one per topic (a topic carries one message type, as in the original). */
export const ALL_CONTRACTS = [
  Payments.PaymentCreatedV1,
  Payments.TransactionCreatedV1,
  Payments.TransactionSucceededV1,
  Payments.TransactionFailedV1,
  Payments.PaymentSucceededV1,
  Payments.PaymentFailedV1,
  Clients.ClientCreatedV1,
  Clients.SendTicketV1,
  Payments.PaymentRefundedV1,
  Events.EventCancelledV1,
] as const;
