import { Injectable } from '@nestjs/common';
import { Clients } from '@event-tickets/contracts';
import { outgoing, type Transaction } from '@event-tickets/service-kit';
import { clientCreatedMessage } from '../clients/client-created.message';
import { clientMetrics } from '../clients/clients.metrics';
import { ClientsRepository } from '../clients/clients.repository';
import { derivedMessageId } from './message-ids';
import {
  buyerOf,
  orderOf,
  ownerOf,
  sendTicketKey,
  sendTicketPayload,
  type PaymentSucceeded,
} from './purchase';

export interface PurchaseSource {
  /** The PAYMENT_SUCCEEDED message id (our header, or the original's Kafka key). */
  messageId: string;
  correlationId?: string;
  /** When payments paid it (the occurred-at header); the original sends none. */
  occurredAt?: string;
}

export interface PurchaseOutcome {
  clientCreated: boolean;
  nameFallback: boolean;
}

/**
 * Command (PAYMENT_SUCCEEDED): the buyer becomes a client if new (→ CLIENT_CREATED), and a ticket is
 * always requested (→ SEND_TICKET). Runs in the consumer's transaction, which also records the
 * message id: the row and both messages commit together, once per message. A client is one per
 * email; it belongs to the account of the latest purchase that names one (`user_id`), so an email
 * registered again by a new account passes its client record to that account at its first purchase.
 */
@Injectable()
export class RecordPurchaseUseCase {
  constructor(private readonly clients: ClientsRepository) {}

  async execute(
    payment: PaymentSucceeded,
    source: PurchaseSource,
    tx: Transaction,
  ): Promise<PurchaseOutcome> {
    const buyer = buyerOf(payment);
    const correlationId = source.correlationId ?? source.messageId;
    const owner = ownerOf(payment, source.occurredAt);
    const created = await this.clients.insertIfAbsent(tx, buyer.name, buyer.email, owner);
    if (!created && owner) await this.clients.passTo(tx, buyer.email, buyer.name, owner);
    if (created) {
      await tx.publish(
        clientCreatedMessage(created, {
          language: payment.user_language || undefined,
          messageId: derivedMessageId(source.messageId, 'client-created'),
          correlationId,
          order: orderOf(payment),
        }),
      );
    }
    await tx.publish(
      outgoing(Clients.SendTicketV1, sendTicketPayload(payment, buyer), {
        key: sendTicketKey(payment, buyer),
        messageId: derivedMessageId(source.messageId, 'send-ticket'),
        correlationId,
      }),
    );
    if (created) clientMetrics.created.inc({ source: 'payment' });
    clientMetrics.purchases.inc({ client: created ? 'new' : 'existing' });
    if (buyer.nameFallback) clientMetrics.nameFallbacks.inc();
    return { clientCreated: Boolean(created), nameFallback: buyer.nameFallback };
  }
}
