import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { type RunningApp, startApp, uniqueName } from '@event-tickets/testing';
import { Lead as LeadDocument } from '../../src/leads/lead.schema';
import { marketingService } from '../../src/marketing.service-definition';
import { adminToken, type Lead, marketingHttp } from '../support/marketing-http';

describe('marketing: leads over HTTP (Mongo-wire server)', () => {
  let app: RunningApp;
  let leads: Model<LeadDocument>;
  let admin: string;
  const http = marketingHttp(() => app.url);
  const email = (prefix = 'lead') => `${uniqueName(prefix)}@example.com`;
  const get = (path: string) => http.call('GET', path, { token: admin });

  beforeAll(async () => {
    app = await startApp(marketingService, {
      MONGODB_DB: uniqueName('marketing_api'),
      CLIENT_CREATED_TOPIC: uniqueName('CLIENT_CREATED_TOPIC'),
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

  describe('POST /leads', () => {
    it('creates a lead: 201 with the original fields, attribution, timestamps; unknown fields dropped', async () => {
      const address = email('Ana');
      const res = await http.postLead({
        email: `  ${address}  `,
        language: 'pt-BR',
        converted: false,
        source: ' instagram ',
        campaign: 'summer',
        medium: 'social',
        id: 'forged',
        convertedAt: '2020-01-01T00:00:00Z',
        role: 'ADMIN',
      });
      expect(res.status).toBe(201);
      const lead = res.json<Lead>();
      expect(lead).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        email: address,
        converted: false,
        language: 'pt',
        source: 'instagram',
        campaign: 'summer',
        medium: 'social',
        createdAt: expect.any(String),
        updatedAt: lead.createdAt,
      });
      expect(Date.now() - Date.parse(lead.createdAt)).toBeLessThan(60_000);
      expect((await get(`/leads/${encodeURIComponent(address)}`)).json<Lead>()).toEqual(lead);
    });

    it('records when a lead posted as converted converted; no attribution is no field', async () => {
      const res = await http.postLeadAsAdmin({
        email: email(),
        language: 'en',
        converted: true,
        source: '',
        campaign: null,
      });
      expect(res.status).toBe(201);
      const lead = res.json<Lead>();
      expect(lead).toMatchObject({ converted: true, language: 'en', convertedAt: lead.createdAt });
      expect(Object.keys(lead)).not.toContain('source');
      expect(Object.keys(lead)).not.toContain('campaign');
    });

    it('answers 409 "Duplicate lead" for the same email in another case', async () => {
      const address = email('dup');
      expect((await http.postLead({ email: address, language: 'en', converted: false })).status).toBe(201);
      const res = await http.postLeadAsAdmin({
        email: ` ${address.toUpperCase()}`,
        language: 'pt',
        converted: true,
      });
      expect(res.status).toBe(409);
      expect(res.json()).toMatchObject({
        statusCode: 409,
        message: 'Duplicate lead',
        code: 'DUPLICATE_LEAD',
      });
      expect(await leads.countDocuments({ emailKey: address.toLowerCase() })).toBe(1);
    });

    it('20 parallel posts of one email: one 201 and 19 × 409, never a 500', async () => {
      const address = email('race');
      const results = await Promise.all(
        Array.from({ length: 20 }, () => http.postLead({ email: address, language: 'en', converted: false })),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    });

    it.each([
      ['no email', { language: 'en', converted: false }, 'email must be an email'],
      ['a bad email', { email: 'not-an-email', language: 'en', converted: false }, 'email must be an email'],
      [
        'an email too long',
        { email: `${'a'.repeat(250)}@x.com`, language: 'en', converted: false },
        'email must be shorter',
      ],
      ['no language', { email: 'a@example.com', converted: false }, 'language should not be empty'],
      [
        'an empty language',
        { email: 'a@example.com', language: '  ', converted: false },
        'language should not be empty',
      ],
      [
        'a number as language',
        { email: 'a@example.com', language: 7, converted: false },
        'language must be a string',
      ],
      [
        'a language that is no code',
        { email: 'a@example.com', language: 'pt br', converted: false },
        'language must be a language code',
      ],
      ['no converted', { email: 'a@example.com', language: 'en' }, 'converted should not be empty'],
      [
        'converted as a string',
        { email: 'a@example.com', language: 'en', converted: 'true' },
        'converted must be a boolean value',
      ],
      [
        'converted null',
        { email: 'a@example.com', language: 'en', converted: null },
        'converted should not be empty',
      ],
      [
        'a source over 100',
        { email: 'a@example.com', language: 'en', converted: false, source: 'x'.repeat(101) },
        'source must be shorter than or equal to 100 characters',
      ],
      [
        'a campaign not a string',
        { email: 'a@example.com', language: 'en', converted: false, campaign: 5 },
        'campaign must be a string',
      ],
      [
        'a medium object',
        { email: 'a@example.com', language: 'en', converted: false, medium: { $gt: '' } },
        'medium must be a string',
      ],
    ])('answers 400 in the app-wide format for %s', async (_, body, message) => {
      const res = await http.postLead(body);
      expect(res.status).toBe(400);
      const error = res.json();
      expect(error).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        path: '/leads',
        timestamp: expect.any(String),
      });
      expect(error.message).toContain(message);
      expect(error.errors?.length).toBeGreaterThan(0);
    });

    it('answers 400/415, never 500, to bodies that are not a lead', async () => {
      expect((await http.call('POST', '/leads', { body: '{"email": ' })).status).toBe(400);
      expect((await http.call('POST', '/leads', { body: '[]' })).status).toBe(400);
      expect((await http.call('POST', '/leads', { body: '"lead"' })).status).toBe(400);
      expect((await http.call('POST', '/leads', { body: 'null' })).status).toBe(400);
      const plain = await http.call('POST', '/leads', {
        body: 'hello',
        headers: { 'content-type': 'text/plain' },
      });
      expect(plain.status).toBe(415);
      const empty = await http.call('POST', '/leads', { headers: { 'content-type': 'application/json' } });
      expect(empty.status).toBe(400);
    });
  });

  describe('GET /leads/:email and DELETE /leads/:email', () => {
    it('finds a lead whatever the case of the email, and with + in it', async () => {
      const address = `${uniqueName('Mixed')}+tag@Example.com`;
      const created = (
        await http.postLead({ email: address, language: 'en', converted: false })
      ).json<Lead>();
      const res = await get(`/leads/${encodeURIComponent(address.toLowerCase())}`);
      expect(res.status).toBe(200);
      expect(res.json<Lead>()).toEqual(created);
      expect(res.json<Lead>().email).toBe(address);
    });

    it('reads and erases a lead whose email is longer than 100 characters', async () => {
      const address = `${uniqueName('long').padEnd(64, 'x')}@${'sub.'.repeat(20)}example.com`;
      expect(address.length).toBeGreaterThan(140);
      expect((await http.postLead({ email: address, language: 'en', converted: false })).status).toBe(201);
      expect((await get(`/leads/${encodeURIComponent(address)}`)).json<Lead>().email).toBe(address);
      expect(
        (await http.call('DELETE', `/leads/${encodeURIComponent(address)}`, { token: admin })).status,
      ).toBe(204);
    });

    it('answers 404 with the original message', async () => {
      const address = email('nobody');
      const res = await get(`/leads/${address}`);
      expect(res.status).toBe(404);
      expect(res.json()).toMatchObject({
        message: `Lead not found for field: ${address}`,
        code: 'LEAD_NOT_FOUND',
      });
      expect((await get('/leads/not-even-an-email')).status).toBe(404);
    });

    it('does not take /leads/stats for an email', async () => {
      const res = await get('/leads/stats');
      expect(res.status).toBe(200);
      expect(res.json<Record<string, unknown>>()).toHaveProperty('conversionRate');
    });

    it('erases a lead completely: 204, then 404, and the email can sign up again', async () => {
      const address = email('erase');
      await http.postLeadAsAdmin({ email: address, language: 'en', converted: true, source: 'ads' });
      const erased = await http.call('DELETE', `/leads/${address.toUpperCase()}`, { token: admin });
      expect(erased.status).toBe(204);
      expect(erased.text).toBe('');
      expect(await leads.countDocuments({ emailKey: address })).toBe(0);
      expect((await get(`/leads/${address}`)).status).toBe(404);
      const again = await http.call('DELETE', `/leads/${address}`, { token: admin });
      expect(again.status).toBe(404);
      expect(again.json().message).toBe(`Lead not found for field: ${address}`);
      expect((await http.postLead({ email: address, language: 'en', converted: false })).status).toBe(201);
    });
  });

  describe('GET /leads', () => {
    const ids = (res: { json<T>(): T }) => res.json<Lead[]>().map((l) => l.id);

    it('pages newest first with the total in X-Total-Count; edges as events', async () => {
      const source = uniqueName('src');
      for (let i = 0; i < 25; i += 1) {
        expect(
          (
            await http.postLeadAsAdmin({
              email: email('page'),
              language: 'en',
              converted: i % 5 === 0,
              source,
            })
          ).status,
        ).toBe(201);
      }
      const page = (q: string) => get(`/leads?source=${source}&${q}`);
      const first = await page('');
      expect(first.status).toBe(200);
      expect(first.headers.get('x-total-count')).toBe('25');
      expect(first.json<Lead[]>()).toHaveLength(10);
      const pages = [first, await page('page=2'), await page('page=3&size=10')];
      expect(pages.map((p) => p.json<Lead[]>().length)).toEqual([10, 10, 5]);
      const all = pages.flatMap(ids);
      expect(new Set(all).size).toBe(25);
      const created = pages.flatMap((p) => p.json<Lead[]>().map((l) => Date.parse(l.createdAt)));
      expect(created).toEqual([...created].sort((a, b) => b - a));

      const past = await page('page=4');
      expect(past.status).toBe(200);
      expect(past.json<Lead[]>()).toEqual([]);
      expect(past.headers.get('x-total-count')).toBe('25');
      expect((await page('page=9007199254740991')).json<Lead[]>()).toEqual([]);
      expect(ids(await page('page=0'))).toEqual(ids(first));
      expect(ids(await page('page=-3&size=abc'))).toEqual(ids(first));
      expect(ids(await page('size=0'))).toEqual(ids(first));
      expect(await page('size=7&page=4').then((r) => r.json<Lead[]>().length)).toBe(4);
      expect(ids(await page('size=25'))).toEqual(all);
    });

    it('caps the size at 100', async () => {
      const campaign = uniqueName('bulk');
      const now = Date.now();
      await leads.insertMany(
        Array.from({ length: 105 }, (_, i) => {
          const address = email('bulk');
          const at = new Date(now - i * 1000);
          return {
            email: address,
            emailKey: address,
            language: 'en',
            converted: false,
            campaign,
            createdAt: at,
            updatedAt: at,
          };
        }),
      );
      const res = await get(`/leads?campaign=${campaign}&size=1000`);
      expect(res.json<Lead[]>()).toHaveLength(100);
      expect(res.headers.get('x-total-count')).toBe('105');
      expect((await get(`/leads?campaign=${campaign}&size=100&page=2`)).json<Lead[]>()).toHaveLength(5);
    });

    it('filters by converted, and refuses a converted that is not true/false', async () => {
      const source = uniqueName('conv');
      await http.postLeadAsAdmin({ email: email(), language: 'en', converted: true, source });
      await http.postLead({ email: email(), language: 'en', converted: false, source });
      await http.postLead({ email: email(), language: 'en', converted: false, source });
      const yes = await get(`/leads?source=${source}&converted=true`);
      expect(yes.json<Lead[]>().map((l) => l.converted)).toEqual([true]);
      expect((await get(`/leads?source=${source}&converted=false`)).headers.get('x-total-count')).toBe('2');
      expect((await get(`/leads?converted=yes`)).status).toBe(400);
      expect((await get(`/leads?source=a&source=b`)).status).toBe(400);
    });
  });

  describe('operations', () => {
    it('reports health, counts created leads in /metrics, documents the routes', async () => {
      const health = await http.call('GET', '/health');
      expect(health.status).toBe(200);
      expect(health.text).toContain('mongodb');
      const before = await http.metric('leads_created_total', { origin: 'form' });
      const convertedBefore = await http.metric('leads_converted_total', { via: 'form' });
      await http.postLeadAsAdmin({ email: email('metric'), language: 'en', converted: true });
      expect(await http.metric('leads_created_total', { origin: 'form' })).toBe(before + 1);
      expect(await http.metric('leads_converted_total', { via: 'form' })).toBe(convertedBefore + 1);
      const doc = (await http.call('GET', '/api-json')).json<{ paths: Record<string, unknown> }>();
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/leads', '/leads/stats', '/leads/{email}']),
      );
    });
  });
});
