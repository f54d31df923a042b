import type { CheckIn } from '../store/check-in.schema';
import type { TicketRecord } from '../store/ticket.record';
import { outcomeOf, type VoidsRepository } from '../store/voids.repository';
import { VoidTicketsUseCase } from './void-tickets.use-case';

const P = (n: number) => `0000000${n}-0000-4000-8000-000000000000`;

/** `check_ins` as a map with the unique-insert rule; tickets of one order `pay-1`. */
class FakeVoids {
  decisions = new Map<string, CheckIn>();
  voidedAt = new Map<string, Date>();
  constructor(public order: Partial<TicketRecord>[]) {}
  async orderTickets(paymentId: string) {
    return this.order.filter((t) => t.paymentId === paymentId) as TicketRecord[];
  }
  async decided(passports: string[]) {
    return new Map([...this.decisions].filter(([p]) => passports.includes(p)));
  }
  async void(passport: string, refundId: string, at: Date) {
    const existing = this.decisions.get(passport);
    if (existing) return outcomeOf(existing, refundId);
    this.decisions.set(passport, { _id: passport, voided: true, refundId, voidedAt: at });
    return { kind: 'voided' as const, at, inserted: true };
  }
  async undo(passport: string, refundId: string) {
    if (this.decisions.get(passport)?.refundId === refundId) this.decisions.delete(passport);
  }
  async setVoided(passport: string, at: Date) {
    this.voidedAt.set(passport, at);
  }
  checkIn(passport: string) {
    this.decisions.set(passport, { _id: passport, checkedInAt: new Date() });
  }
}

const orderOf = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ paymentId: 'pay-1', passport: P(i + 1), seat: i + 1, quantity: n }));

function setup(n = 3) {
  const voids = new FakeVoids(orderOf(n));
  return { voids, useCase: new VoidTicketsUseCase(voids as unknown as VoidsRepository) };
}

describe(VoidTicketsUseCase.name, () => {
  it('voids the named tickets, idempotently per refund id', async () => {
    const { voids, useCase } = setup();
    const request = { paymentId: 'pay-1', refundId: 'r1', passports: [P(2)] };
    expect(await useCase.execute(request)).toEqual({ passports: [P(2)], quantity: 1 });
    expect(await useCase.execute(request)).toEqual({ passports: [P(2)], quantity: 1 });
    expect([...voids.voidedAt.keys()]).toEqual([P(2)]);
    await expect(useCase.execute({ ...request, refundId: 'r2' })).rejects.toMatchObject({
      code: 'TICKET_ALREADY_VOIDED',
    });
  });

  it('refuses named tickets all or none: a checked-in one → 409 TICKET_CHECKED_IN, nothing voided', async () => {
    const { voids, useCase } = setup();
    voids.checkIn(P(3));
    await expect(
      useCase.execute({ paymentId: 'pay-1', refundId: 'r1', passports: [P(1), P(3)] }),
    ).rejects.toMatchObject({ status: 409, code: 'TICKET_CHECKED_IN' });
    expect(voids.decisions.has(P(1))).toBe(false);
  });

  it('takes back its own voids when a check-in wins one of the named tickets meanwhile', async () => {
    const { voids, useCase } = setup();
    const decided = voids.decided.bind(voids);
    voids.decided = async (passports) => {
      const before = await decided(passports);
      voids.checkIn(P(2)); // the door scans it between the look and the insert
      return before;
    };
    await expect(
      useCase.execute({ paymentId: 'pay-1', refundId: 'r1', passports: [P(1), P(2)] }),
    ).rejects.toMatchObject({ code: 'TICKET_CHECKED_IN' });
    expect(voids.decisions.get(P(1))).toBeUndefined();
    expect(voids.decisions.get(P(2))?.voided).toBeUndefined();
  });

  it('the whole order skips checked-in tickets; nothing left → 409 NOTHING_TO_REFUND', async () => {
    const { voids, useCase } = setup();
    voids.checkIn(P(1));
    const whole = { paymentId: 'pay-1', refundId: 'r1' };
    expect(await useCase.execute(whole)).toEqual({ passports: [P(2), P(3)], quantity: 2 });
    expect(await useCase.execute(whole)).toEqual({ passports: [P(2), P(3)], quantity: 2 });
    await expect(useCase.execute({ ...whole, refundId: 'r2' })).rejects.toMatchObject({
      code: 'NOTHING_TO_REFUND',
    });
  });

  it('refuses a passport of another order with 404, and an order not fully issued with TICKETS_NOT_ISSUED', async () => {
    const { voids, useCase } = setup();
    await expect(
      useCase.execute({ paymentId: 'pay-1', refundId: 'r1', passports: [P(9)] }),
    ).rejects.toMatchObject({ status: 404, code: 'TICKET_NOT_FOUND' });
    voids.order.pop();
    await expect(useCase.execute({ paymentId: 'pay-1', refundId: 'r1' })).rejects.toMatchObject({
      code: 'TICKETS_NOT_ISSUED',
      details: { issued: 2, quantity: 3 },
    });
    await expect(useCase.execute({ paymentId: 'pay-2', refundId: 'r1' })).rejects.toMatchObject({
      code: 'TICKETS_NOT_ISSUED',
    });
  });

  it('leniently (the PAYMENT_REFUNDED consumer) skips what it cannot void and never refuses', async () => {
    const { voids, useCase } = setup();
    voids.checkIn(P(1));
    const result = await useCase.execute(
      { paymentId: 'pay-1', refundId: 'r1', passports: [P(1), P(2), P(9)] },
      { lenient: true },
    );
    expect(result).toEqual({ passports: [P(2)], quantity: 1 });
    expect(await useCase.execute({ paymentId: 'none', refundId: 'r1' }, { lenient: true })).toEqual({
      passports: [],
      quantity: 0,
    });
  });
});
