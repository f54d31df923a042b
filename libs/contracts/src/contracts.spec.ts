import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALL_CONTRACTS,
  Clients,
  deadLetterTopic,
  Payments,
  readMetadata,
  topicName,
  writeMetadata,
} from './index';

const fixtureDir = (domain: string) => join(__dirname, domain, '__fixtures__');
const fixtures = ['payments', 'clients', 'events'].flatMap((domain) =>
  readdirSync(fixtureDir(domain)).map((file) => ({ domain, file, path: join(fixtureDir(domain), file) })),
);
const contractFor = (file: string) => ALL_CONTRACTS.find((c) => file.startsWith(c.type.split('.')[1]!))!;

describe('message contracts', () => {
  it('has a fixture for every contract', () => {
    for (const contract of ALL_CONTRACTS) {
      expect(
        fixtures.some((f) => f.file === `${contract.type.split('.')[1]}.v${contract.version}.json`),
      ).toBe(true);
    }
  });

  it.each(fixtures.map((f) => [f.file, f.path]))('parses fixture %s', (file, path) => {
    const raw = readFileSync(path, 'utf8');
    const result = contractFor(file).parse(raw);
    expect(result).toEqual({ ok: true, payload: expect.any(Object) });
  });

  it('keeps the original field names on the wire (snake_case to clients, camelCase to tickets)', () => {
    const paid = Payments.PaymentSucceededV1.create({
      user_name: 'Ana',
      user_email: 'ana@example.com',
      event_id: '42',
      event_name: 'Show',
      event_description: 'd',
      event_image_url: 'u',
      user_language: 'en',
    });
    expect(Object.keys(paid).sort()).toEqual(
      [
        'event_description',
        'event_id',
        'event_image_url',
        'event_name',
        'user_email',
        'user_language',
        'user_name',
      ].sort(),
    );
    const ticket = Clients.SendTicketV1.parse(
      readFileSync(join(fixtureDir('clients'), 'send-ticket.original.json')),
    );
    expect(ticket.ok && Object.keys(ticket.payload)).toEqual(
      expect.arrayContaining([
        'name',
        'email',
        'eventId',
        'eventName',
        'eventDescription',
        'eventImageUrl',
        'language',
      ]),
    );
  });

  it('carries the buying account as an optional field: user_id to clients and marketing, userId to tickets', () => {
    const read = (domain: string, file: string) => {
      const result = contractFor(file).parse(readFileSync(join(fixtureDir(domain), file)));
      if (!result.ok) throw new Error(result.reason);
      return result.payload as Record<string, unknown>;
    };
    const account = '4f9a6a7e-0d1c-4b8e-9f3a-5c2d1e0b7a11';
    expect(read('payments', 'payment-succeeded.v1.json').user_id).toBe(account);
    expect(read('clients', 'client-created.v1.json').user_id).toBe(account);
    expect(read('clients', 'send-ticket.v1.json').userId).toBe(account);
    expect(read('payments', 'payment-succeeded.original.json')).not.toHaveProperty('user_id');
    expect(read('clients', 'client-created.original.json')).not.toHaveProperty('user_id');
    expect(read('clients', 'send-ticket.original.json')).not.toHaveProperty('userId');
    const blank = Clients.SendTicketV1.parse({ email: 'a@b.c', eventId: '1', userId: '' });
    expect(!blank.ok && blank.reason).toContain('userId');
  });

  it('is a tolerant reader: unknown fields are dropped, not rejected', () => {
    const result = Clients.ClientCreatedV1.parse({ email: 'a@b.c', futureField: 1 });
    expect(result).toEqual({ ok: true, payload: { email: 'a@b.c' } });
  });

  it('explains why a message is unusable', () => {
    expect(Clients.ClientCreatedV1.parse('{not json')).toEqual({
      ok: false,
      reason: 'payload is not valid JSON',
    });
    const missing = Payments.PaymentSucceededV1.parse({ user_name: 'Ana', event_id: '1' });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.reason).toContain('user_email');
    const wrongType = Payments.PaymentCreatedV1.parse({
      ...JSON.parse(readFileSync(join(fixtureDir('payments'), 'payment-created.v1.json'), 'utf8')),
      event_amount: '150',
    });
    expect(!wrongType.ok && wrongType.reason).toContain('event_amount');
  });

  it('refuses to produce an invalid payload', () => {
    expect(() => Clients.SendTicketV1.create({ email: '', eventId: '1' })).toThrow(/email is required/);
  });
});

describe('topics', () => {
  it('defaults to the original literal names and honours the env variables', () => {
    expect(topicName('SEND_TICKET_TOPIC')).toBe('SEND_TICKET_TOPIC');
    expect(topicName('SEND_TICKET_TOPIC', { SEND_TICKET_TOPIC: 'tickets.send' })).toBe('tickets.send');
    expect(deadLetterTopic('SEND_TICKET_TOPIC')).toBe('SEND_TICKET_TOPIC.DLQ');
  });
});

describe('message metadata headers', () => {
  it('round-trips through Kafka headers', () => {
    const meta = {
      messageId: 'b3c1b7f0-1f57-4f0c-9d7e-3c8a3f2b1d00',
      messageType: 'clients.send-ticket',
      schemaVersion: 1,
      occurredAt: '2026-11-24T12:00:00.000Z',
      producer: 'clients',
      correlationId: 'corr-1',
    };
    const headers = Object.fromEntries(
      Object.entries(writeMetadata(meta)).map(([k, v]) => [k, Buffer.from(v)]),
    );
    expect(readMetadata(headers, null)).toEqual(meta);
  });

  it('falls back to the Kafka key when the original producer sent no message-id', () => {
    expect(readMetadata({}, Buffer.from('5a1f0c3e-9b1d-4c2a-8e7f-000000000001'))?.messageId).toBe(
      '5a1f0c3e-9b1d-4c2a-8e7f-000000000001',
    );
    expect(readMetadata(undefined, null)).toBeUndefined();
  });
});
