import { randomUUID } from 'node:crypto';
import {
  createTestDatabase,
  produce,
  queryDatabase,
  type RawMessage,
  type RunningApp,
  signToken,
  startApp,
  uniqueName,
} from '@event-tickets/testing';
import { clientsService } from '../../src/clients.service-definition';

/** The error fields every app answers with (the kit's ErrorBody), present on failures. */
interface ErrorFields {
  statusCode?: number;
  message?: string;
  code?: string;
}

export interface Res<T = Record<string, unknown>> {
  status: number;
  body: T & ErrorFields;
  text: string;
  headers: Headers;
}

export interface Topics {
  paymentSucceeded: string;
  clientCreated: string;
  sendTicket: string;
}

/** A running clients app on a fresh database, with its own topics and consumer group. */
export interface ClientsTestApp {
  app: RunningApp;
  db: string;
  group: string;
  topics: Topics;
  adminToken: string;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; headers?: Record<string, string> },
  ): Promise<Res<T>>;
  close(): Promise<void>;
}

/** On `existingDb` when given (left in place at close), else on a fresh database. */
export async function startClientsApp(
  env: Record<string, string> = {},
  existingDb?: string,
): Promise<ClientsTestApp> {
  const database = existingDb
    ? { name: existingDb, drop: () => Promise.resolve() }
    : await createTestDatabase('clients');
  const topics = {
    paymentSucceeded: uniqueName('PAYMENT_SUCCEEDED_TOPIC'),
    clientCreated: uniqueName('CLIENT_CREATED_TOPIC'),
    sendTicket: uniqueName('SEND_TICKET_TOPIC'),
  };
  const group = uniqueName('clients');
  let app: RunningApp;
  try {
    app = await startApp(clientsService, {
      DB_NAME: database.name,
      PAYMENT_SUCCEEDED_TOPIC: topics.paymentSucceeded,
      CLIENT_CREATED_TOPIC: topics.clientCreated,
      SEND_TICKET_TOPIC: topics.sendTicket,
      KAFKA_GROUP_ID: group,
      ...env,
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const call = async <T>(
    method: string,
    path: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<Res<T>> => {
    const { body, token, headers = {} } = options;
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = {};
    }
    return { status: res.status, body: parsed as T & ErrorFields, text, headers: res.headers };
  };
  return {
    app,
    db: database.name,
    group,
    topics,
    adminToken: await signToken({ id: 'admin-1', email: 'admin@example.com', role: 'ADMIN' }),
    call,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** A PAYMENT_SUCCEEDED payload in the original's snake_case shape, overridable. */
export function paymentBody(email: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    user_name: 'Ana',
    user_email: email,
    event_id: '42',
    event_name: 'Rock in Rio',
    event_description: 'Music festival',
    event_image_url: 'https://img.example.com/rir.png',
    user_language: 'pt',
    ...overrides,
  };
}

/** As our payments publishes it: payment id and amount in the payload, metadata in headers, keyed by payment. */
export function ourPayment(
  email: string,
  overrides: Record<string, unknown> = {},
): RawMessage & { messageId: string; paymentId: string; correlationId: string } {
  const paymentId = randomUUID();
  const messageId = randomUUID();
  const correlationId = randomUUID();
  return {
    messageId,
    paymentId,
    correlationId,
    key: paymentId,
    value: JSON.stringify(
      paymentBody(email, {
        payment_id: paymentId,
        amount: 150.5,
        currency: 'BRL',
        event_date: '2030-09-25T20:00:00.000Z',
        ...overrides,
      }),
    ),
    headers: {
      'message-id': messageId,
      'message-type': 'payments.payment-succeeded',
      'schema-version': '1',
      'occurred-at': new Date().toISOString(),
      producer: 'payments',
      'correlation-id': correlationId,
    },
  };
}

/** Exactly as the original Go payments publishes it: no payment_id, no headers, a random UUID key. */
export function originalPayment(
  email: string,
  overrides: Record<string, unknown> = {},
): RawMessage & { key: string } {
  return { key: randomUUID(), value: JSON.stringify(paymentBody(email, overrides)) };
}

export function producePayments(t: ClientsTestApp, messages: RawMessage[]): Promise<void> {
  return produce(
    t.topics.paymentSucceeded,
    messages.map(({ key, value, headers }) => ({ key, value, headers })),
  );
}

export async function clientRows(db: string, email: string) {
  return queryDatabase<{ id: number; name: string; email: string }>(
    db,
    `SELECT id, name, email FROM clients WHERE lower(email) = lower($1)`,
    [email],
  );
}

export async function outboxCount(db: string, topic: string, where = 'true', params: unknown[] = []) {
  const [row] = await queryDatabase<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM outbox_messages WHERE topic = $1 AND ${where}`,
    [topic, ...params],
  );
  return row!.n;
}

export const unique = (prefix: string) => `${uniqueName(prefix)}@example.com`.toLowerCase();
