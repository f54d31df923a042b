import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { type RunningApp, startApp, uniqueName } from '@event-tickets/testing';
import { Lead as LeadDocument } from '../../src/leads/lead.schema';
import { marketingService } from '../../src/marketing.service-definition';
import { adminToken, marketingHttp, type Rates, type Stats } from '../support/marketing-http';

/** Buckets as `value → [total, converted]`, and their order (largest first). */
const table = <K extends string>(rows: (Rates & Record<K, string | null>)[], key: K) =>
  Object.fromEntries(rows.map((r) => [String(r[key]), [r.total, r.converted]]));
const totals = (rows: Rates[]) => rows.map((r) => r.total);

describe('marketing: GET /leads/stats (Mongo-wire server)', () => {
  let app: RunningApp;
  let leads: Model<LeadDocument>;
  let admin: string;
  const http = marketingHttp(() => app.url);
  const stats = (query = '') => http.call('GET', `/leads/stats${query}`, { token: admin });
  const seed = (email: string, at: string, fields: Partial<LeadDocument>) =>
    leads.create({
      email,
      emailKey: email,
      language: 'en',
      converted: false,
      createdAt: at,
      updatedAt: at,
      ...fields,
    });

  beforeAll(async () => {
    app = await startApp(marketingService, {
      MONGODB_DB: uniqueName('marketing_stats'),
      CLIENT_CREATED_TOPIC: uniqueName('CLIENT_CREATED_TOPIC'),
      KAFKA_GROUP_ID: uniqueName('marketing'),
      LEADS_RATE_LIMIT_PER_CLIENT: '100000',
    });
    leads = app.app.get(getModelToken(LeadDocument.name));
    admin = await adminToken();
    const post = (email: string, body: Record<string, unknown>) =>
      http
        .postLeadAsAdmin({ email: `${email}@stats.example.com`, ...body })
        .then((r) => expect(r.status).toBe(201));
    await post('a', {
      language: 'en',
      converted: true,
      source: 'instagram',
      campaign: 'summer',
      medium: 'social',
    });
    await post('b', {
      language: 'en',
      converted: false,
      source: 'instagram',
      campaign: 'summer',
      medium: 'social',
    });
    await post('c', {
      language: 'pt-BR',
      converted: false,
      source: 'instagram',
      campaign: 'winter',
      medium: 'social',
    });
    await post('d', { language: 'pt', converted: true, source: 'google', campaign: 'summer', medium: 'cpc' });
    await post('e', { language: 'es', converted: false });
    // Older leads, as the original stored them (no origin, `pt-br`).
    await seed('old1@stats.example.com', '2024-01-15T12:00:00Z', {
      language: 'pt-br',
      converted: true,
      source: 'legacy',
    });
    await seed('old2@stats.example.com', '2024-01-31T23:59:59Z', { source: 'legacy' });
    await seed('old3@stats.example.com', '2024-03-01T02:30:00Z', { language: 'pt' });
  });

  afterAll(async () => {
    await leads?.db.dropDatabase();
    await app?.close();
  });

  it('counts totals, conversions and rates overall and per origin, language, source, campaign, medium', async () => {
    const res = await stats();
    expect(res.status).toBe(200);
    const s = res.json<Stats>();
    expect(s).toMatchObject({ from: null, to: null, total: 8, converted: 3, conversionRate: 0.375 });
    expect(s.byOrigin).toEqual([
      { origin: 'form', total: 5, converted: 2, conversionRate: 0.4 },
      { origin: null, total: 3, converted: 1, conversionRate: 0.3333 },
    ]);
    expect(table(s.byLanguage, 'language')).toEqual({ en: [3, 1], pt: [3, 1], es: [1, 0], 'pt-br': [1, 1] });
    expect(table(s.bySource, 'source')).toEqual({
      instagram: [3, 1],
      legacy: [2, 1],
      null: [2, 0],
      google: [1, 1],
    });
    expect(table(s.byCampaign, 'campaign')).toEqual({ null: [4, 1], summer: [3, 2], winter: [1, 0] });
    expect(table(s.byMedium, 'medium')).toEqual({ null: [4, 1], social: [3, 1], cpc: [1, 1] });
    expect(s.byCampaign.find((c) => c.campaign === 'summer')?.conversionRate).toBe(0.6667);
    for (const part of [s.byLanguage, s.bySource, s.byCampaign, s.byMedium]) {
      expect(totals(part)).toEqual([...totals(part)].sort((x, y) => y - x));
    }
  });

  it('limits to leads created in a period: inclusive ends, a date-only end covers its whole day', async () => {
    const january = (await stats('?from=2024-01-01&to=2024-01-31')).json<Stats>();
    expect(january).toMatchObject({
      from: '2024-01-01',
      to: '2024-01-31',
      total: 2,
      converted: 1,
      conversionRate: 0.5,
    });
    expect(table(january.bySource, 'source')).toEqual({ legacy: [2, 1] });
    const instant = '2024-01-31T23:59:59Z';
    expect((await stats(`?from=${instant}&to=${instant}`)).json<Stats>().total).toBe(1);
    expect((await stats('?to=2024-02-29')).json<Stats>().total).toBe(2);
    expect((await stats(`?to=${encodeURIComponent('2024-02-29T23:30:00-03:00')}`)).json<Stats>().total).toBe(
      3,
    );
    expect((await stats('?from=2024-03-02')).json<Stats>().total).toBe(5);
  });

  it('answers an empty period with zeros, not a division by zero', async () => {
    const s = (await stats('?from=2099-01-01')).json<Stats>();
    expect(s).toMatchObject({
      total: 0,
      converted: 0,
      conversionRate: 0,
      byOrigin: [],
      bySource: [],
      byLanguage: [],
    });
  });

  it.each([
    ['?from=yesterday', 'from must be a date'],
    ['?to=2024-02-30', 'to must be a date'],
    ['?from=2024-05-01T10:00:00', 'from must be a date'],
    ['?from=2024-05-02&to=2024-05-01', 'from must not be after to'],
    ['?from=2024-01-01&from=2024-02-01', 'from must be a string'],
  ])('answers 400 to %s', async (query, message) => {
    const res = await stats(query);
    expect(res.status).toBe(400);
    expect(res.json().message).toContain(message);
  });

  it('keeps the 100 largest values of a breakdown and sums the rest, so the entries still add up', async () => {
    const docs = Array.from({ length: 105 }, (_, i) => {
      const email = `${uniqueName('many')}@stats.example.com`;
      const at = new Date(Date.UTC(2023, 5, 1, 0, 0, i));
      const campaign = i < 3 ? 'big' : `c${String(i).padStart(3, '0')}`;
      return {
        email,
        emailKey: email,
        language: 'en',
        converted: i % 2 === 0,
        campaign,
        createdAt: at,
        updatedAt: at,
      };
    });
    await leads.insertMany(docs);
    const s = (await stats('?from=2023-06-01&to=2023-06-01')).json<Stats>();
    expect(s.total).toBe(105);
    expect(s.byCampaign).toHaveLength(101);
    expect(s.byCampaign[0]).toEqual({ campaign: 'big', total: 3, converted: 2, conversionRate: 0.6667 });
    expect(s.byCampaign[100]).toMatchObject({ campaign: '(other)', other: true, total: 3 }); // 103 values: 'big' + 99 shown, 3 summed
    expect(s.byCampaign.reduce((n, c) => n + c.total, 0)).toBe(105);
    expect(s.byCampaign.reduce((n, c) => n + c.converted, 0)).toBe(s.converted);
  });
});
