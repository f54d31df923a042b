import { CreateLeadUseCase } from './create-lead.use-case';
import type { LeadRateLimiter } from './lead-rate-limiter';
import type { LeadRecord, LeadsRepository, NewLead } from './leads.repository';

function setup() {
  const created: NewLead[] = [];
  const hits: string[] = [];
  const leads = {
    create: async (lead: NewLead): Promise<LeadRecord> => {
      created.push(lead);
      return { ...lead, id: 'l1', createdAt: new Date(), updatedAt: new Date() } as LeadRecord;
    },
  } as unknown as LeadsRepository;
  const limiter = { hit: async (client: string) => void hits.push(client) } as unknown as LeadRateLimiter;
  return { useCase: new CreateLeadUseCase(leads, limiter), created, hits };
}

const lead = { email: 'ana@example.com', language: 'en', client: '10.0.0.1' };

describe(CreateLeadUseCase.name, () => {
  it('refuses converted: true from anyone but an admin (403), storing nothing', async () => {
    for (const role of [undefined, 'PUBLIC'] as const) {
      const { useCase, created, hits } = setup();
      await expect(useCase.execute({ ...lead, converted: true, role })).rejects.toMatchObject({
        status: 403,
        code: 'CONVERTED_ADMIN_ONLY',
        message: 'only an admin may post a converted lead (converted: true)',
      });
      expect(created).toEqual([]);
      expect(hits).toEqual([]);
    }
  });

  it('lets an admin post a converted lead', async () => {
    const { useCase, created } = setup();
    const view = await useCase.execute({ ...lead, converted: true, role: 'ADMIN' });
    expect(view.converted).toBe(true);
    expect(created).toMatchObject([{ converted: true, origin: 'form' }]);
  });

  it('lets anyone post an unconverted lead', async () => {
    for (const role of [undefined, 'PUBLIC', 'ADMIN'] as const) {
      const { useCase, created } = setup();
      expect((await useCase.execute({ ...lead, converted: false, role })).converted).toBe(false);
      expect(created).toHaveLength(1);
    }
  });
});
