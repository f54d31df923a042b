import type { AppConfig } from '@event-tickets/service-kit';
import type { MarketingEnv } from '../config/marketing.env';
import { ConvertLeadUseCase } from './convert-lead.use-case';
import type { LeadsRepository, NewLead } from './leads.repository';

interface Row {
  email: string;
  converted: boolean;
  language: string;
  convertedAt?: Date;
}

/** The repository's contract in memory, with hooks to play a concurrent POST /leads. */
class FakeLeads {
  readonly rows = new Map<string, Row>();
  readonly claims = new Map<string, { messageId: string; at: Date }>();
  beforeCreate?: () => void;
  duplicateOnce = false;
  /** The one-write conversion meets a lead inserted at the same moment (as a duplicate key would). */
  oneWriteRaced = false;
  readonly steps: string[] = [];

  async convertOrCreate(lead: NewLead, _messageId: string, at: Date) {
    this.steps.push('convertOrCreate');
    if (this.oneWriteRaced) return undefined;
    const row = this.rows.get(lead.email.toLowerCase());
    if (row?.converted) return undefined;
    if (row) {
      Object.assign(row, { converted: true, convertedAt: at });
      return 'converted';
    }
    this.rows.set(lead.email.toLowerCase(), {
      email: lead.email,
      converted: true,
      language: lead.language,
      convertedAt: at,
    });
    return 'created';
  }

  async claimConversion(email: string, messageId: string) {
    const key = email.toLowerCase();
    if (!this.claims.has(key)) this.claims.set(key, { messageId, at: new Date() });
    const claim = this.claims.get(key)!;
    return claim.messageId === messageId ? claim.at : undefined;
  }

  async convert(email: string, _messageId: string, at: Date) {
    this.steps.push('convert');
    const row = this.rows.get(email.toLowerCase());
    if (!row || row.converted) return false;
    Object.assign(row, { converted: true, convertedAt: at });
    return true;
  }

  async createConverted(lead: NewLead, at: Date) {
    this.steps.push('createConverted');
    this.beforeCreate?.();
    this.beforeCreate = undefined;
    if (this.duplicateOnce) {
      this.duplicateOnce = false;
      this.rows.set(lead.email.toLowerCase(), { email: lead.email, converted: false, language: 'en' });
      throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
    }
    const existing = this.rows.get(lead.email.toLowerCase());
    if (existing) return existing.converted ? 'exists-converted' : 'exists-unconverted';
    this.rows.set(lead.email.toLowerCase(), {
      email: lead.email,
      converted: true,
      language: lead.language,
      convertedAt: at,
    });
    return 'created';
  }
}

const config = { env: { LEADS_DEFAULT_LANGUAGE: 'pt' } } as AppConfig<MarketingEnv>;

describe(ConvertLeadUseCase.name, () => {
  const setup = () => {
    const leads = new FakeLeads();
    return { leads, useCase: new ConvertLeadUseCase(leads as unknown as LeadsRepository, config) };
  };

  it('converts an existing lead, keeping its language', async () => {
    const { leads, useCase } = setup();
    leads.rows.set('ana@x.com', { email: 'ana@x.com', converted: false, language: 'en' });
    await expect(useCase.execute({ email: 'ANA@x.com', language: 'pt', messageId: 'm1' })).resolves.toBe(
      'converted',
    );
    expect(leads.rows.get('ana@x.com')).toMatchObject({ converted: true, language: 'en' });
  });

  it('creates a missing lead with the message language, else the default', async () => {
    const { leads, useCase } = setup();
    await expect(useCase.execute({ email: 'a@x.com', language: 'en-US', messageId: 'm1' })).resolves.toBe(
      'created',
    );
    await expect(useCase.execute({ email: 'b@x.com', messageId: 'm2' })).resolves.toBe('created');
    await expect(useCase.execute({ email: 'c@x.com', language: '??', messageId: 'm3' })).resolves.toBe(
      'created',
    );
    expect([...leads.rows.values()].map((r) => r.language)).toEqual(['en', 'pt', 'pt']);
  });

  it('changes nothing the second time', async () => {
    const { leads, useCase } = setup();
    await useCase.execute({ email: 'a@x.com', messageId: 'm1' });
    const before = { ...leads.rows.get('a@x.com')! };
    await expect(useCase.execute({ email: 'a@x.com', messageId: 'm1' })).resolves.toBe('already-converted');
    expect(leads.rows.get('a@x.com')).toEqual(before);
  });

  it('leaves the buyer to the first message: another one changes nothing', async () => {
    const { leads, useCase } = setup();
    leads.rows.set('a@x.com', { email: 'a@x.com', converted: false, language: 'en' });
    await useCase.execute({ email: 'a@x.com', messageId: 'm1' });
    const before = { ...leads.rows.get('a@x.com')! };
    await expect(useCase.execute({ email: 'A@x.com', messageId: 'm2' })).resolves.toBe('already-converted');
    expect(leads.rows.get('a@x.com')).toEqual(before);
  });

  it("finishes its own conversion when redelivered after a crash half-way, with the claim's time", async () => {
    const { leads, useCase } = setup();
    leads.rows.set('a@x.com', { email: 'a@x.com', converted: false, language: 'en' });
    const at = await leads.claimConversion('a@x.com', 'm1'); // claimed, then the process died
    await expect(useCase.execute({ email: 'a@x.com', messageId: 'm1' })).resolves.toBe('converted');
    expect(leads.rows.get('a@x.com')).toMatchObject({ converted: true, convertedAt: at });
  });

  it('the common cases (no lead, an unconverted lead) take one write after the claim', async () => {
    const { leads, useCase } = setup();
    leads.rows.set('a@x.com', { email: 'a@x.com', converted: false, language: 'en' });
    await expect(useCase.execute({ email: 'a@x.com', messageId: 'm1' })).resolves.toBe('converted');
    await expect(useCase.execute({ email: 'b@x.com', messageId: 'm2' })).resolves.toBe('created');
    expect(leads.steps).toEqual(['convertOrCreate', 'convertOrCreate']);
  });

  it('converts a lead a form created between its two steps', async () => {
    const { leads, useCase } = setup();
    leads.oneWriteRaced = true;
    leads.beforeCreate = () =>
      leads.rows.set('a@x.com', { email: 'a@x.com', converted: false, language: 'en' });
    await expect(useCase.execute({ email: 'a@x.com', messageId: 'm1' })).resolves.toBe('converted');
    expect(leads.rows.get('a@x.com')).toMatchObject({ converted: true, language: 'en' });
  });

  it('retries after losing an insert race (duplicate key)', async () => {
    const { leads, useCase } = setup();
    leads.oneWriteRaced = true;
    leads.duplicateOnce = true;
    await expect(useCase.execute({ email: 'a@x.com', messageId: 'm1' })).resolves.toBe('converted');
  });

  it('lets other errors through (the consumer host retries them)', async () => {
    const { leads, useCase } = setup();
    leads.convertOrCreate = async () => {
      throw new Error('boom');
    };
    await expect(useCase.execute({ email: 'a@x.com', messageId: 'm1' })).rejects.toThrow('boom');
    const raced = setup();
    raced.leads.oneWriteRaced = true;
    raced.leads.convert = async () => {
      throw new Error('boom');
    };
    await expect(raced.useCase.execute({ email: 'a@x.com', messageId: 'm1' })).rejects.toThrow('boom');
  });
});
