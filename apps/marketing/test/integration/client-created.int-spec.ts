import { randomUUID } from 'node:crypto';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import {
  eventually,
  produce,
  readTopic,
  type RunningApp,
  startApp,
  uniqueName,
} from '@event-tickets/testing';
import { ConvertLeadUseCase } from '../../src/leads/convert-lead.use-case';
import { Lead as LeadDocument } from '../../src/leads/lead.schema';
import { marketingService } from '../../src/marketing.service-definition';
import { adminToken, type Lead, marketingHttp, type Stats } from '../support/marketing-http';

describe('marketing: CLIENT_CREATED converts leads (real Kafka, Mongo-wire server)', () => {
  let app: RunningApp;
  let leads: Model<LeadDocument>;
  let admin: string;
  const http = marketingHttp(() => app.url);
  const topic = uniqueName('CLIENT_CREATED_TOPIC');
  const email = (prefix = 'buyer') => `${uniqueName(prefix)}@example.com`;

  const send = (payload: Record<string, unknown>, messageId: string = randomUUID()) =>
    produce(topic, [
      { key: String(payload.email), value: JSON.stringify(payload), headers: { 'message-id': messageId } },
    ]);
  const stored = (address: string) => leads.findOne({ emailKey: address.toLowerCase() }).lean().exec();
  const getLead = async (address: string) => {
    const res = await http.call('GET', `/leads/${encodeURIComponent(address)}`, { token: admin });
    return res.status === 200 ? res.json<Lead>() : undefined;
  };
  /** Sends a new buyer and waits for its lead: everything produced before it was processed (one partition). */
  const drain = async () => {
    const marker = email('marker');
    await send({ email: marker });
    const lead = await eventually(
      () => stored(marker),
      (d) => d !== null,
      { timeoutMs: 60_000 },
    );
    expect(lead).not.toBeNull();
  };
  const converted = () => http.metric('leads_converted_total', { via: 'purchase' });
  const created = () => http.metric('leads_created_total', { origin: 'purchase' });

  beforeAll(async () => {
    app = await startApp(marketingService, {
      MONGODB_DB: uniqueName('marketing_consumer'),
      CLIENT_CREATED_TOPIC: topic,
      KAFKA_GROUP_ID: uniqueName('marketing'),
      LEADS_RATE_LIMIT_PER_CLIENT: '100000',
    });
    leads = app.app.get(getModelToken(LeadDocument.name));
    admin = await adminToken();
  });

  afterAll(async () => {
    await leads?.db.dropDatabase();
    await app?.close();
  });

  it('converts an existing lead once: convertedAt and updatedAt change, a redelivery changes nothing', async () => {
    const address = email('Ana');
    const before = (
      await http.postLead({ email: address, language: 'en', converted: false, source: 'newsletter' })
    ).json<Lead>();
    expect(before.convertedAt).toBeUndefined();
    const [convertedBefore, createdBefore] = [await converted(), await created()];
    await new Promise((r) => setTimeout(r, 20));

    const messageId = randomUUID();
    await send({ email: address.toUpperCase(), name: 'Ana', language: 'pt' }, messageId);
    const after = await eventually(
      () => getLead(address),
      (l) => l?.converted === true,
      { timeoutMs: 60_000 },
    );
    expect(after).toEqual({
      ...before,
      converted: true,
      convertedAt: expect.any(String),
      updatedAt: after?.convertedAt,
    });
    expect(Date.parse(after!.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    expect(after!.language).toBe('en');
    expect(await stored(address)).not.toHaveProperty('name'); // a lead keeps no more than it needs

    await send({ email: address, language: 'pt' }, messageId);
    await send({ email: address, language: 'pt' }); // clients announcing the same buyer again
    await drain();
    expect(await getLead(address)).toEqual(after);
    expect(await converted()).toBe(convertedBefore + 2); // this lead, and the marker
    expect(await created()).toBe(createdBefore + 1); // the marker
  });

  it('creates a missing lead, converted: the language from the message, else LEADS_DEFAULT_LANGUAGE; once', async () => {
    const [en, none, ptBr] = [email('en'), email('none'), email('ptbr')];
    const enId = randomUUID();
    await send({ email: en, name: 'Bo', language: 'en' }, enId);
    await send({ email: none });
    await send({ email: ptBr, language: 'pt-BR' });
    await drain();
    const first = await getLead(en);
    expect(first).toEqual({
      id: expect.any(String),
      email: en,
      converted: true,
      language: 'en',
      convertedAt: first?.createdAt,
      createdAt: expect.any(String),
      updatedAt: first?.createdAt,
    });
    expect((await getLead(none))?.language).toBe('pt');
    expect((await getLead(ptBr))?.language).toBe('pt');
    expect((await stored(none))?.origin).toBe('purchase');

    const createdBefore = await created();
    await send({ email: en, language: 'pt' }, enId);
    await drain();
    expect(await getLead(en)).toEqual(first);
    expect(await leads.countDocuments({ emailKey: en })).toBe(1);
    expect(await created()).toBe(createdBefore + 1); // only the marker
  });

  it("reads the original producer's messages: no headers, a random key", async () => {
    const address = email('original');
    await produce(topic, [{ key: randomUUID(), value: JSON.stringify({ email: address }) }]);
    const lead = await eventually(
      () => getLead(address),
      (l) => l !== undefined,
      { timeoutMs: 60_000 },
    );
    expect(lead).toMatchObject({ email: address, converted: true, language: 'pt' });
  });

  it('dead-letters invalid messages with the reason, and goes on', async () => {
    const tag = uniqueName('bad');
    const bad = ['not json', '{}', '{"email": 42}', JSON.stringify({ email: `${tag}-not-an-email` })];
    await produce(
      topic,
      bad.map((value) => ({ key: tag, value, headers: { 'message-id': randomUUID() } })),
    );
    await drain();
    const dead = await readTopic(
      `${topic}.DLQ`,
      (ms) => ms.filter((m) => m.key === tag).length >= bad.length,
      60_000,
    );
    const ours = dead.filter((m) => m.key === tag);
    expect(ours.map((m) => m.value)).toEqual(bad);
    expect(ours.every((m) => m.headers['dlq-reason'])).toBe(true);
    expect(ours[3]!.headers['dlq-reason']).toBe('email is not an email address');
    expect(await leads.countDocuments({ emailKey: new RegExp(tag) })).toBe(0);
  });

  it('a form and a purchase racing for the same emails: no error, one converted lead each', async () => {
    const addresses = Array.from({ length: 10 }, () => email('race'));
    const [posts] = await Promise.all([
      Promise.all(addresses.map((a) => http.postLead({ email: a, language: 'en', converted: false }))),
      Promise.all(addresses.map((a) => send({ email: a }))),
    ]);
    expect(posts.every((p) => p.status === 201 || p.status === 409)).toBe(true);
    await drain();
    for (const address of addresses) {
      expect(await leads.countDocuments({ emailKey: address })).toBe(1);
      expect(await getLead(address)).toMatchObject({ converted: true, convertedAt: expect.any(String) });
    }
  });

  it('many messages converting one buyer at once (partitions, replicas): one effect, counted once', async () => {
    const useCase = app.app.get(ConvertLeadUseCase);
    const existing = email('burst');
    await http.postLead({ email: existing, language: 'en', converted: false });
    const missing = email('burst');
    for (const address of [existing, missing]) {
      const [convertedBefore, createdBefore] = [await converted(), await created()];
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => useCase.execute({ email: address, messageId: randomUUID() })),
      );
      expect(outcomes.filter((o) => o !== 'already-converted')).toEqual([
        address === existing ? 'converted' : 'created',
      ]);
      expect(await leads.countDocuments({ emailKey: address })).toBe(1);
      expect(await converted()).toBe(convertedBefore + 1);
      expect(await created()).toBe(createdBefore + (address === missing ? 1 : 0));
      const lead = await getLead(address);
      expect(lead).toMatchObject({ converted: true, convertedAt: lead?.updatedAt });
    }
  });

  it('erasing a converted lead erases the record of its conversion too', async () => {
    const address = email('gdpr');
    await send({ email: address, language: 'en' });
    await eventually(
      () => getLead(address),
      (l) => l !== undefined,
      { timeoutMs: 60_000 },
    );
    const conversions = leads.db.collection('lead_conversions');
    expect(await conversions.countDocuments({ _id: address as never })).toBe(1);
    expect((await http.call('DELETE', `/leads/${address}`, { token: admin })).status).toBe(204);
    expect(await conversions.countDocuments({ _id: address as never })).toBe(0);
    expect(await leads.countDocuments({ emailKey: address })).toBe(0);
    // A later purchase by the same person is a new lead.
    await send({ email: address });
    expect(
      await eventually(
        () => getLead(address),
        (l) => l !== undefined,
        { timeoutMs: 60_000 },
      ),
    ).toMatchObject({
      converted: true,
      language: 'pt',
    });
  });

  it('stats agree with the data', async () => {
    await drain();
    const stats = (await http.call('GET', '/leads/stats', { token: admin })).json<Stats>();
    const count = async (query: string) =>
      Number((await http.call('GET', `/leads?${query}`, { token: admin })).headers.get('x-total-count'));
    expect(stats.total).toBe(await count(''));
    expect(stats.total).toBe(await leads.countDocuments());
    expect(stats.converted).toBe(await count('converted=true'));
    expect(stats.conversionRate).toBe(Math.round((stats.converted / stats.total) * 10_000) / 10_000);
    const purchases = stats.byOrigin.find((o) => o.origin === 'purchase')!;
    expect(purchases.total).toBe(await leads.countDocuments({ origin: 'purchase' }));
    expect(purchases.conversionRate).toBe(1);
    for (const part of [stats.byOrigin, stats.byLanguage, stats.bySource, stats.byCampaign, stats.byMedium]) {
      expect(part.reduce((n, b) => n + b.total, 0)).toBe(stats.total);
      expect(part.reduce((n, b) => n + b.converted, 0)).toBe(stats.converted);
    }
  });
});
