import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { eventually, produce, signToken, uniqueName } from '@event-tickets/testing';
import { type ChildApp, startChildApp } from './child-app';

interface Order {
  paymentId: string;
  eventId: number | string;
  email: string;
  userId: string;
  quantity: number;
}

/**
 * The real tickets app (its own process, Mongo database and SEND_TICKET topic) for payments' refunds:
 * tickets are issued from a SEND_TICKET message as clients sends it after PAYMENT_SUCCEEDED, checked
 * in at the door through its API, and voided by payments through its internal voids route.
 */
export class TicketsSide {
  private constructor(
    readonly app: ChildApp,
    private readonly topic: string,
    private readonly database: string,
    private readonly mongo: MongoClient,
  ) {}

  static async start(env: { INTERNAL_API_TOKEN: string; PAYMENT_REFUNDED_TOPIC: string }) {
    const topic = uniqueName('SEND_TICKET_TOPIC');
    const database = uniqueName('payments_tickets');
    const app = await startChildApp('tickets', {
      MONGODB_DB: database,
      SEND_TICKET_TOPIC: topic,
      KAFKA_GROUP_ID: uniqueName('tickets'),
      TICKET_MAIL_POLL_INTERVAL_MS: '250',
      ...env,
    });
    const mongo = await MongoClient.connect(process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017');
    return new TicketsSide(app, topic, database, mongo);
  }

  get url(): string {
    return this.app.url;
  }

  /** Issues the order's tickets (as clients asks) and returns their passports in seat order. */
  async issue(order: Order): Promise<string[]> {
    const messageId = randomUUID();
    const payload = {
      name: 'Ana',
      email: order.email,
      eventId: String(order.eventId),
      eventName: 'Rock in Rio',
      eventDescription: 'Music festival',
      eventImageUrl: 'https://img.example.com/rir.png',
      language: 'en',
      paymentId: order.paymentId,
      userId: order.userId,
      quantity: order.quantity,
    };
    await produce(this.topic, [
      { key: messageId, value: JSON.stringify(payload), headers: { 'message-id': messageId } },
    ]);
    const docs = await eventually(
      () =>
        this.mongo
          .db(this.database)
          .collection<{ passport: string; seat?: number }>('tickets')
          .find({ paymentId: order.paymentId })
          .toArray(),
      (found) => found.length === order.quantity,
      { timeoutMs: 60_000 },
    );
    return docs.sort((a, b) => (a.seat ?? 1) - (b.seat ?? 1)).map((d) => d.passport);
  }

  /** The stored ticket: whether a refund voided it, and which. */
  async ticket(passport: string) {
    return this.mongo
      .db(this.database)
      .collection<{ passport: string; voidedAt?: Date; refundId?: string; checkedInAt?: Date | null }>(
        'tickets',
      )
      .findOne({ passport });
  }

  /** How many tickets the order has (none: never issued). */
  async countFor(paymentId: string): Promise<number> {
    return this.mongo.db(this.database).collection('tickets').countDocuments({ paymentId });
  }

  /** A check-in at the door (an admin's token). */
  async checkIn(passport: string): Promise<number> {
    const token = await signToken({ id: 'door-admin', email: 'door@example.com', role: 'ADMIN' });
    const res = await fetch(`${this.app.url}/tickets/${passport}/check-in`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    return res.status;
  }

  async close(): Promise<void> {
    await this.app.stop().catch(() => undefined);
    await this.mongo
      .db(this.database)
      .dropDatabase()
      .catch(() => undefined);
    await this.mongo.close().catch(() => undefined);
  }
}
