import { randomUUID } from 'node:crypto';
import {
  createTestDatabase,
  eventually,
  produce,
  readTopic,
  type TcpProxy,
  tcpProxy,
  queryDatabase,
  type RunningApp,
  signToken,
  startApp,
  uniqueName,
} from '@event-tickets/testing';
import type { PaymentRow } from '../../src/common/payment-status';
import { PaymentTokens } from '../../src/common/payment-tokens';
import { paymentsService } from '../../src/payments.service-definition';
import { type ChildApp, startChildApp } from './child-app';

export interface Res<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Buyer {
  id: string;
  email: string;
  name: string;
  token: string;
}

export const INTERNAL_TOKEN = 'internal-token-for-payments-tests';

const TOPICS = [
  'PAYMENT_CREATED_TOPIC',
  'TRANSACTION_CREATED_TOPIC',
  'TRANSACTION_SUCCEEDED_TOPIC',
  'TRANSACTION_FAILED_TOPIC',
  'PAYMENT_SUCCEEDED_TOPIC',
  'PAYMENT_FAILED_TOPIC',
  'PAYMENT_REFUNDED_TOPIC',
  'EVENT_CANCELLED_TOPIC',
] as const;
export type PipelineTopic = (typeof TOPICS)[number];

async function request<T>(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Res<T>> {
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { raw: text };
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Waits for a shutdown step, but never longer than 30 s (reported), so cleanup cannot hang a suite. */
async function bounded(step: string, work: Promise<void> | undefined): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.warn(`${step} still running after 30 s; continuing the cleanup`);
      resolve();
    }, 30_000);
  });
  await Promise.race([work?.catch(() => undefined), timeout]);
  clearTimeout(timer);
}

/**
 * payments (in this process, so a test can reach its relay) wired to the real events app (its own
 * process and database), with topics and consumer groups of its own on the shared Kafka.
 */
export class PaymentsStack {
  readonly topics = Object.fromEntries(TOPICS.map((t) => [t, uniqueName(t)])) as Record<
    PipelineTopic,
    string
  >;
  /** Prepended to the original's consumer group names, so these groups are this stack's alone. */
  readonly groupPrefix = `${uniqueName('pay')}-`;
  payments!: RunningApp;
  events!: ChildApp;
  paymentsDb!: Awaited<ReturnType<typeof createTestDatabase>>;
  eventsDb!: Awaited<ReturnType<typeof createTestDatabase>>;
  adminToken!: string;
  /** With `eventsProxy: true`, payments reaches events through it (take it down for "events down"). */
  eventsProxy?: TcpProxy;

  static async start(
    options: {
      payments?: Record<string, string>;
      events?: Record<string, string>;
      eventsProxy?: boolean;
      /** Topic names chosen beforehand (an app started before this stack uses them too). */
      topics?: Partial<Record<PipelineTopic, string>>;
      /** Fills payments' database before payments first starts on it (e.g. with the original's rows). */
      seedPayments?: (database: string) => Promise<void>;
    } = {},
  ): Promise<PaymentsStack> {
    const stack = new PaymentsStack();
    Object.assign(stack.topics, options.topics);
    try {
      await stack.boot(
        options.payments ?? {},
        options.events ?? {},
        options.eventsProxy ?? false,
        options.seedPayments,
      );
    } catch (error) {
      await stack.close();
      throw error;
    }
    return stack;
  }

  private async boot(
    paymentsEnv: Record<string, string>,
    eventsEnv: Record<string, string>,
    proxy: boolean,
    seedPayments?: (database: string) => Promise<void>,
  ) {
    this.adminToken = await signToken({ id: 'admin-1', email: 'admin@example.com', role: 'ADMIN' });
    this.eventsDb = await createTestDatabase('payments_events');
    this.paymentsDb = await createTestDatabase('payments');
    this.events = await startChildApp('events', {
      DB_NAME: this.eventsDb.name,
      KAFKA_GROUP_ID: uniqueName('events'),
      INTERNAL_API_TOKEN: INTERNAL_TOKEN,
      PAYMENT_SUCCEEDED_TOPIC: this.topics.PAYMENT_SUCCEEDED_TOPIC,
      PAYMENT_FAILED_TOPIC: this.topics.PAYMENT_FAILED_TOPIC,
      PAYMENT_REFUNDED_TOPIC: this.topics.PAYMENT_REFUNDED_TOPIC,
      EVENT_CANCELLED_TOPIC: this.topics.EVENT_CANCELLED_TOPIC,
      ...eventsEnv,
    });
    if (proxy) this.eventsProxy = await tcpProxy(this.events.port);
    await seedPayments?.(this.paymentsDb.name);
    this.payments = await startApp(paymentsService, this.paymentsEnv(paymentsEnv));
  }

  /** Starts payments again (after `payments.close()`) on the same database, topics and groups. */
  async startPaymentsAgain(overrides: Record<string, string> = {}): Promise<void> {
    this.payments = await startApp(paymentsService, this.paymentsEnv(overrides));
  }

  /** The env payments runs with (also used to start a second payments app against the same stack). */
  paymentsEnv(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      DB_NAME: this.paymentsDb.name,
      ...this.topics,
      KAFKA_GROUP_ID: uniqueName('payments'),
      KAFKA_GROUP_PREFIX: this.groupPrefix,
      EVENTS_URL: this.eventsProxy ? `http://127.0.0.1:${this.eventsProxy.port}` : this.events.url,
      INTERNAL_API_TOKEN: INTERNAL_TOKEN,
      MAIL_POLL_INTERVAL_MS: '200',
      PURCHASE_RATE_LIMIT_PER_MINUTE: '1000',
      ...overrides,
    };
  }

  async close(): Promise<void> {
    await bounded('payments close', this.payments?.close());
    await this.eventsProxy?.close().catch(() => undefined);
    await this.events?.stop().catch(() => undefined);
    await this.paymentsDb?.drop().catch(() => undefined);
    await this.eventsDb?.drop().catch(() => undefined);
  }

  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    headers = {},
  ) {
    return request<T>(`${this.payments.url}${path}`, method, body, {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    });
  }

  async buyer(overrides: Partial<Omit<Buyer, 'token'>> & { role?: 'ADMIN' | 'PUBLIC' } = {}): Promise<Buyer> {
    const id = overrides.id ?? randomUUID();
    const email = overrides.email ?? `${uniqueName('buyer')}@example.com`.toLowerCase();
    const token = await signToken({ id, email, role: overrides.role ?? 'PUBLIC' });
    return { id, email, name: overrides.name ?? 'Ana', token };
  }

  /** An event on the real events app (admin API); returns its id. */
  async createEvent(overrides: Record<string, unknown> = {}): Promise<number> {
    const res = await request<{ id: number }>(
      `${this.events.url}/events/admin`,
      'POST',
      {
        name: 'Rock in Rio',
        description: 'Music festival',
        image_url: 'https://img.example.com/rir.png',
        price: 150.5,
        currency: 'BRL',
        event_date: '2030-09-25T21:00:00.000-03:00',
        capacity: 100,
        ...overrides,
      },
      { authorization: `Bearer ${this.adminToken}` },
    );
    if (res.status !== 201) throw new Error(`event not created: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  /** GET events:/events/:id as the buyer would (available seats). */
  async event(id: number) {
    const res = await request<{ available: number | null }>(
      `${this.events.url}/events/${id}`,
      'GET',
      undefined,
      {
        authorization: `Bearer ${this.adminToken}`,
      },
    );
    return res.body;
  }

  /** POST /payments with the original body for this buyer and event. */
  purchase(buyer: Buyer, eventId: number | string, overrides: Record<string, unknown> = {}, headers = {}) {
    return this.call<{ payment_id: string; status: string; code?: string; message?: string }>(
      'POST',
      '/payments',
      purchaseBody(buyer, eventId, overrides),
      buyer.token,
      headers,
    );
  }

  /** A sealed payment token opened with the running payments' keys. */
  openToken(sealed: string): string {
    return this.payments.app.get(PaymentTokens, { strict: false }).open(sealed);
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryDatabase<T>(this.paymentsDb.name, sql, params);
  }

  async payment(id: string): Promise<PaymentRow | undefined> {
    const [row] = await this.query<PaymentRow>(`SELECT * FROM payments WHERE id = $1`, [id]);
    return row;
  }

  /** Waits until the payment leaves PENDING (or the timeout passes); returns the row. */
  async settled(id: string, timeoutMs = 60_000): Promise<PaymentRow | undefined> {
    return eventually(
      () => this.payment(id),
      (p) => p !== undefined && p.status !== 'PENDING',
      { timeoutMs },
    );
  }

  /** The seat hold of a payment, as events keeps it. */
  async hold(paymentId: string): Promise<{ status: string } | undefined> {
    const [row] = await queryDatabase<{ status: string }>(
      this.eventsDb.name,
      `SELECT status FROM seat_holds WHERE payment_id = $1`,
      [paymentId],
    );
    return row;
  }

  async holdBecomes(paymentId: string, status: string, timeoutMs = 60_000) {
    return eventually(
      () => this.hold(paymentId),
      (h) => h?.status === status,
      { timeoutMs },
    );
  }

  /**
   * The payment's message on `topic` delivered again under a new message id (so the inbox does not
   * deduplicate it, as a producer's retry would be), once payments has consumed it.
   */
  async redeliver(topic: PipelineTopic, paymentId: string): Promise<void> {
    const sent = await readTopic(this.topics[topic], (ms) => ms.some((m) => m.key === paymentId));
    const original = sent.find((m) => m.key === paymentId)!;
    const replayId = randomUUID();
    await produce(this.topics[topic], [
      { key: original.key, value: original.value, headers: { ...original.headers, 'message-id': replayId } },
    ]);
    await eventually(
      () => this.query(`SELECT 1 FROM inbox_messages WHERE message_id = $1`, [replayId]),
      (rows) => rows.length === 1,
      { timeoutMs: 60_000 },
    );
  }

  /** Outbox rows of a payment (its key) per topic. */
  async outboxCount(paymentId: string, topic: PipelineTopic): Promise<number> {
    const [row] = await this.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE key = $1 AND topic = $2`,
      [paymentId, this.topics[topic]],
    );
    return row!.n;
  }
}

/** The original's POST /payments body for this buyer and event. */
export function purchaseBody(
  buyer: Buyer,
  eventId: number | string,
  overrides: Record<string, unknown> = {},
) {
  return {
    user_name: buyer.name,
    user_email: buyer.email,
    event_id: String(eventId),
    event_amount: 150.5,
    payment_token: 'TOKEN123',
    event_name: 'Rock in Rio',
    event_description: 'Music festival',
    event_image_url: 'https://img.example.com/rir.png',
    user_language: 'en',
    ...overrides,
  };
}
