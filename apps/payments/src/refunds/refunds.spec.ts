import type { AuthUser } from '@event-tickets/service-kit';
import { FakeRefundStore, FakeTickets, FakeUnitOfWork, P1, paidOrder } from './__fixtures__/fake-refunds';
import { LateRefund } from './late-refund';
import { refundCents } from './refund';
import { RefundProcessor } from './refund-processor';
import { RequestRefundUseCase } from './request-refund.use-case';
import { resumeDue } from './refunds.worker';

const buyer: AuthUser = { id: 'buyer-1', email: 'ana@example.com', role: 'PUBLIC' };
const admin: AuthUser = { id: 'admin-1', email: 'admin@example.com', role: 'ADMIN' };
const other: AuthUser = { id: 'someone', email: 'x@example.com', role: 'PUBLIC' };
const staff: AuthUser = { id: 'door', email: 'door@example.com', role: 'STAFF' };
const logger = { warn: jest.fn() };

function setup() {
  const store = new FakeRefundStore();
  store.payments.set(P1, paidOrder());
  const uow = new FakeUnitOfWork();
  const tickets = new FakeTickets(new Map([[P1, ['A', 'B', 'C']]]));
  const gateway = {
    charge: jest.fn(),
    refund: jest.fn(async (r: { refundId: string }) => ({ gatewayRefundId: `g-${r.refundId}` })),
  };
  const emails = { recordRefund: jest.fn(async () => undefined) };
  const processor = new RefundProcessor(
    uow as never,
    store as never,
    tickets as never,
    gateway as never,
    emails as never,
  );
  const worker = { kick: jest.fn() };
  const useCase = new RequestRefundUseCase(uow as never, store as never, processor, worker as never);
  const late = new LateRefund(store as never, gateway as never, processor);
  const refund = (caller: AuthUser, passports?: string[]) => useCase.execute(P1, caller, passports);
  return { store, uow, tickets, gateway, emails, processor, useCase, late, refund };
}

describe('refunds', () => {
  it('refunds part of an order at the unit price, then the rest takes the remainder: the sum is exact', async () => {
    const { refund, store, uow, emails, tickets } = setup();
    const first = await refund(buyer, ['A']);
    expect(first).toMatchObject({
      statusCode: 201,
      body: {
        status: 'COMPLETED',
        quantity: 1,
        amount: 33.33,
        passports: ['A'],
        payment_status: 'PARTIALLY_REFUNDED',
      },
    });
    const rest = await refund(buyer);
    // A buyer's refund leaves checked-in tickets alone.
    expect(tickets.includeCheckedIn).toEqual([false, false]);
    expect(rest.body).toMatchObject({
      quantity: 2,
      amount: 66.67,
      passports: ['B', 'C'],
      payment_status: 'REFUNDED',
    });
    expect(store.payments.get(P1)).toMatchObject({
      refunded_quantity: 3,
      refunded_amount: '100.00',
      status: 'REFUNDED',
    });
    expect(uow.published.map((m) => m.payload)).toEqual([
      expect.objectContaining({
        quantity: 1,
        amount: 33.33,
        passports: ['A'],
        reason: 'buyer',
        payment_status: 'PARTIALLY_REFUNDED',
        ticket_type_id: '11',
      }),
      expect.objectContaining({
        quantity: 2,
        amount: 66.67,
        passports: ['B', 'C'],
        payment_status: 'REFUNDED',
      }),
    ]);
    expect(emails.recordRefund).toHaveBeenCalledTimes(2);
    await expect(refund(buyer)).rejects.toMatchObject({ code: 'ALREADY_REFUNDED', status: 409 });
  });

  it('refunds a whole order at once, and an original order (no unit price) for its amount', async () => {
    const { refund, store } = setup();
    expect((await refund(admin)).body).toMatchObject({
      quantity: 3,
      amount: 100,
      payment_status: 'REFUNDED',
    });
    expect(refundCents(paidOrder({ quantity: 1, unit_price: null, amount: '150.50' }), 1)).toBe(15050);
    expect(store.refunds.size).toBe(1);
  });

  it('lets the buyer refund until the cutoff, an admin any time, nobody else', async () => {
    const { refund, store } = setup();
    store.payments.get(P1)!.refundable_until = new Date(Date.now() - 1000);
    await expect(refund(buyer)).rejects.toMatchObject({ code: 'REFUND_CUTOFF_PASSED', status: 409 });
    await expect(refund(other)).rejects.toMatchObject({ code: 'NOT_YOUR_PAYMENT', status: 403 });
    await expect(refund(staff)).rejects.toMatchObject({ code: 'NOT_YOUR_PAYMENT', status: 403 });
    expect(store.refunds.size).toBe(0);
    const byAdmin = await refund(admin, ['B']);
    expect(byAdmin.statusCode).toBe(201);
    expect([...store.refunds.values()][0]).toMatchObject({ reason: 'admin', requested_by: 'admin-1' });
  });

  it('refuses a payment that is not paid', async () => {
    const { refund, store } = setup();
    store.payments.get(P1)!.status = 'FAILED';
    await expect(refund(buyer)).rejects.toMatchObject({ code: 'NOT_REFUNDABLE', status: 409 });
  });

  it('two refunds of one order at once: one wins, the other REFUND_IN_PROGRESS', async () => {
    const { refund, tickets } = setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const original = tickets.void.bind(tickets);
    tickets.void = async (...args) => {
      await gate;
      return original(...args);
    };
    const first = refund(buyer, ['A']);
    await new Promise((r) => setImmediate(r));
    await expect(refund(buyer, ['B'])).rejects.toMatchObject({ code: 'REFUND_IN_PROGRESS', status: 409 });
    release();
    expect((await first).statusCode).toBe(201);
  });

  it("maps tickets' refusals: REJECTED, the same code to the caller", async () => {
    const { refund, store, tickets } = setup();
    await expect(refund(buyer, ['Z'])).rejects.toMatchObject({ code: 'TICKET_NOT_FOUND', status: 404 });
    tickets.refusal = { voided: false, code: 'TICKET_CHECKED_IN' };
    await expect(refund(buyer, ['A'])).rejects.toMatchObject({ code: 'TICKET_CHECKED_IN', status: 409 });
    tickets.refusal = { voided: false, code: 'TICKETS_NOT_ISSUED' };
    await expect(refund(buyer)).rejects.toMatchObject({ code: 'TICKETS_NOT_ISSUED', status: 409 });
    expect([...store.refunds.values()].map((r) => r.status)).toEqual(['REJECTED', 'REJECTED', 'REJECTED']);
    expect(store.payments.get(P1)!.status).toBe('SUCCESS');
  });

  it('tickets down: 202 REQUESTED, and the worker finishes it', async () => {
    const { refund, store, tickets, processor } = setup();
    tickets.down = true;
    expect((await refund(buyer, ['A'])).body).toMatchObject({ status: 'REQUESTED' });
    tickets.down = false;
    await resumeDue(store as never, processor, logger);
    expect([...store.refunds.values()][0]).toMatchObject({ status: 'COMPLETED', quantity: 1 });
    expect(store.payments.get(P1)!.status).toBe('PARTIALLY_REFUNDED');
  });

  it('a crash after VOIDED (gateway down) is resumed by the worker: refunded once', async () => {
    const { refund, store, gateway, processor, tickets, uow } = setup();
    gateway.refund.mockRejectedValueOnce(new Error('gateway down'));
    await expect(refund(buyer)).rejects.toThrow('gateway down');
    expect([...store.refunds.values()][0]!.status).toBe('VOIDED');
    await resumeDue(store as never, processor, logger);
    expect([...store.refunds.values()][0]).toMatchObject({ status: 'COMPLETED', quantity: 3 });
    expect(tickets.calls).toBe(1);
    expect(uow.published).toHaveLength(1);
  });

  it('a cancellation whose tickets are not issued stays REQUESTED; the worker finishes it later', async () => {
    const { store, processor, tickets, emails } = setup();
    await store.insertCancellationRefunds(null, '7');
    await store.insertCancellationRefunds(null, '7'); // redelivered: nothing twice
    expect(store.refunds.size).toBe(1);
    tickets.refusal = { voided: false, code: 'TICKETS_NOT_ISSUED' };
    await resumeDue(store as never, processor, logger);
    expect([...store.refunds.values()][0]!.status).toBe('REQUESTED');
    expect(store.retryLater).toHaveBeenCalled();
    tickets.refusal = undefined;
    await resumeDue(store as never, processor, logger);
    expect([...store.refunds.values()][0]).toMatchObject({ status: 'COMPLETED', reason: 'event_cancelled' });
    // The event will not happen: tickets is asked to void checked-in tickets too.
    expect(tickets.includeCheckedIn).toEqual([true, true]);
    expect(emails.recordRefund).toHaveBeenCalledWith(
      expect.anything(),
      expect.anything(),
      expect.objectContaining({ reason: 'event_cancelled' }),
    );
  });

  it('a cancellation skipped for a refund in progress follows once that refund ends', async () => {
    const { refund, store, tickets, processor } = setup();
    store.cancelled.add('7');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const original = tickets.void.bind(tickets);
    tickets.void = async (...args) => (await gate, original(...args));
    const first = refund(buyer, ['A']);
    await new Promise((r) => setImmediate(r));
    expect(await store.insertCancellationRefunds(null, '7')).toBe(0);
    release();
    await first;
    await resumeDue(store as never, processor, logger);
    expect(store.payments.get(P1)).toMatchObject({ status: 'REFUNDED', refunded_amount: '100.00' });
  });

  it('late success without a seat: refunded at once, whole, no tickets voided', async () => {
    const { store, late, tickets, uow, emails } = setup();
    store.payments.set(P1, paidOrder({ status: 'FAILED', reason: 'timeout' }));
    await late.refundWhole(uow.tx(), P1, 'no_seat');
    expect(store.payments.get(P1)).toMatchObject({
      status: 'REFUNDED',
      refunded_quantity: 3,
      refunded_amount: '100.00',
    });
    expect(tickets.calls).toBe(0);
    expect(uow.published[0]!.payload).toMatchObject({
      reason: 'no_seat',
      passports: [],
      quantity: 3,
      amount: 100,
    });
    expect(emails.recordRefund).toHaveBeenCalledWith(
      expect.anything(),
      expect.anything(),
      expect.objectContaining({ reason: 'no_seat' }),
    );
  });
});
