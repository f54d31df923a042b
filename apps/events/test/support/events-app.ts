import { createTestDatabase, type RunningApp, signToken, startApp, uniqueName } from '@event-tickets/testing';
import { eventsService } from '../../src/events.service-definition';

export interface Res<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export const INTERNAL_TOKEN = 'internal-token-for-events-tests';

/** A running events app on a fresh database, with its own topics and consumer group. */
export interface EventsTestApp {
  app: RunningApp;
  db: string;
  topics: { succeeded: string; failed: string; refunded: string; cancelled: string };
  adminToken: string;
  userToken: string;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<Res<T>>;
  /** A call to the internal API with the service token. */
  internal<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Res<T>>;
  close(): Promise<void>;
}

/** On `existingDb` when given (left in place at close), else on a fresh database. */
export async function startEventsApp(
  env: Record<string, string> = {},
  existingDb?: string,
): Promise<EventsTestApp> {
  const database = existingDb
    ? { name: existingDb, drop: () => Promise.resolve() }
    : await createTestDatabase('events');
  const topics = {
    succeeded: uniqueName('PAYMENT_SUCCEEDED_TOPIC'),
    failed: uniqueName('PAYMENT_FAILED_TOPIC'),
    refunded: uniqueName('PAYMENT_REFUNDED_TOPIC'),
    cancelled: uniqueName('EVENT_CANCELLED_TOPIC'),
  };
  let app: RunningApp;
  try {
    app = await startApp(eventsService, {
      DB_NAME: database.name,
      PAYMENT_SUCCEEDED_TOPIC: topics.succeeded,
      PAYMENT_FAILED_TOPIC: topics.failed,
      PAYMENT_REFUNDED_TOPIC: topics.refunded,
      EVENT_CANCELLED_TOPIC: topics.cancelled,
      KAFKA_GROUP_ID: uniqueName('events'),
      INTERNAL_API_TOKEN: INTERNAL_TOKEN,
      ...env,
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const call = async <T>(method: string, path: string, body?: unknown, token?: string, headers = {}) => {
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
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, headers: res.headers };
  };
  return {
    app,
    db: database.name,
    topics,
    adminToken: await signToken({ id: 'admin-1', email: 'admin@example.com', role: 'ADMIN' }),
    userToken: await signToken({ id: 'user-1', email: 'user@example.com', role: 'PUBLIC' }),
    call,
    internal: (method, path, body) => call(method, path, body, INTERNAL_TOKEN),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** A valid creation body (the original's fields), overridable. */
export function eventBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Rock in Rio',
    description: 'Music festival',
    image_url: 'https://img.example.com/rir.png',
    price: 150.5,
    currency: 'BRL',
    event_date: '2030-09-25T21:00:00.000-03:00',
    ...overrides,
  };
}

/** Creates an event as an admin; returns its id. */
export async function createEvent(
  t: EventsTestApp,
  overrides: Record<string, unknown> = {},
): Promise<number> {
  const res = await t.call<{ id: number }>('POST', '/events/admin', eventBody(overrides), t.adminToken);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}
