import { randomUUID } from 'node:crypto';
import { getModelToken } from '@nestjs/mongoose';
import jsQR from 'jsqr';
import type { Model } from 'mongoose';
import { PNG } from 'pngjs';
import {
  type MailDetail,
  mailDetail,
  mailPart,
  mailTo,
  produce,
  type RunningApp,
  signToken,
  startApp,
  uniqueName,
} from '@event-tickets/testing';
import { Ticket } from '../../src/store/ticket.schema';
import { IssueTicketUseCase, type SendTicket } from '../../src/tickets/issue-ticket.use-case';
import { ticketsService } from '../../src/tickets.service-definition';

export interface Res<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A running tickets app on its own database, topic and consumer group. */
export interface TicketsTestApp {
  app: RunningApp;
  topic: string;
  /** PAYMENT_REFUNDED_TOPIC, this app's own. */
  refundedTopic: string;
  /** The service token of the internal routes. */
  internalToken: string;
  tickets: Model<Ticket>;
  call<T = Record<string, unknown>>(method: string, path: string, token?: string): Promise<Res<T>>;
  /** POST with a JSON body. */
  post<T = Record<string, unknown>>(path: string, body: unknown, token?: string): Promise<Res<T>>;
  close(): Promise<void>;
}

export async function startTicketsApp(env: Record<string, string> = {}): Promise<TicketsTestApp> {
  const topic = uniqueName('SEND_TICKET_TOPIC');
  const refundedTopic = uniqueName('PAYMENT_REFUNDED_TOPIC');
  const internalToken = randomUUID();
  const app = await startApp(ticketsService, {
    MONGODB_DB: uniqueName('tickets'),
    SEND_TICKET_TOPIC: topic,
    PAYMENT_REFUNDED_TOPIC: refundedTopic,
    INTERNAL_API_TOKEN: internalToken,
    KAFKA_GROUP_ID: uniqueName('tickets'),
    TICKET_MAIL_POLL_INTERVAL_MS: '250',
    ...env,
  });
  const tickets = app.app.get<Model<Ticket>>(getModelToken(Ticket.name));
  const call = async <T>(method: string, path: string, token?: string): Promise<Res<T>> => {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, headers: res.headers };
  };
  const post = async <T>(path: string, body: unknown, token?: string): Promise<Res<T>> => {
    const res = await fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, headers: res.headers };
  };
  return {
    app,
    topic,
    refundedTopic,
    internalToken,
    tickets,
    call,
    post,
    async close() {
      await tickets.db.dropDatabase().catch(() => undefined);
      await app.close();
    },
  };
}

export const uniqueEmail = (prefix = 'buyer') => `${uniqueName(prefix)}@example.com`;

/** A SEND_TICKET payload as our clients service sends it (the original's fields + paymentId, eventDate). */
export function ticketPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Ana',
    email: uniqueEmail(),
    eventId: '42',
    eventName: 'Rock in Rio',
    eventDescription: 'Music festival',
    eventImageUrl: 'https://img.example.com/rir.png',
    language: 'en',
    paymentId: randomUUID(),
    eventDate: '2030-09-25T20:00:00.000Z',
    ...overrides,
  };
}

/** Produces one SEND_TICKET message with a message-id header (our producers' way). */
export async function sendTicket(topic: string, payload: unknown, messageId = randomUUID()): Promise<string> {
  await produce(topic, [
    { key: messageId, value: JSON.stringify(payload), headers: { 'message-id': messageId } },
  ]);
  return messageId;
}

/** Issues a ticket the way the consumer does (without Kafka, for the API tests); returns its passport. */
export async function issueTicket(
  t: TicketsTestApp,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const payload = ticketPayload(overrides) as SendTicket;
  const outcome = await t.app.app.get(IssueTicketUseCase).execute(payload, randomUUID());
  if (!outcome.issued) throw new Error('not issued');
  const doc = await t.tickets.findById(outcome.ticketId).lean();
  return doc!.passport;
}

export interface ErrorJson {
  statusCode: number;
  message: string;
  code?: string;
  details?: { checkedInAt?: string; retryAfter?: number; voidedAt?: string; passport?: string };
}

export interface TicketJson {
  passport: string;
  email: string;
  eventId: string;
  checkedInAt: string | null;
  mailStatus: string;
  [key: string]: unknown;
}

/** A token for the account `id` (a new one unless given): tickets belong to the account that bought them. */
export const tokenFor = (
  email: string,
  role: 'ADMIN' | 'STAFF' | 'PUBLIC' = 'PUBLIC',
  id = uniqueName('user'),
) => signToken({ id, email, role });

/** The captured ticket emails to `email`, with their details. */
export async function ticketEmails(email: string): Promise<MailDetail[]> {
  const summaries = await mailTo(email);
  return Promise.all(summaries.map((m) => mailDetail(m.ID)));
}

/** Decodes the email's inline QR image (the passport, if all is well). */
export async function qrTextOf(mail: MailDetail): Promise<string | undefined> {
  return (await qrTextsOf(mail))[0];
}

/** Decodes every inline QR image of the email, in order. */
export async function qrTextsOf(mail: MailDetail): Promise<(string | undefined)[]> {
  const parts = [...(mail.Inline ?? []), ...(mail.Attachments ?? [])].filter(
    (p) => p.ContentType === 'image/png',
  );
  return Promise.all(
    parts.map(async (part) => {
      const png = PNG.sync.read(await mailPart(mail.ID, part.PartID));
      return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
    }),
  );
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
