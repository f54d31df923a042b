import type { SeatHold } from './events.client';
import { body, buyer, hold, setUp } from './__fixtures__/purchase-fakes';
import { soldOut } from './hold-refusals';

/** events' hold of `quantity` seats of type 9 ("VIP") at 150.50 each. */
const vip = (quantity: number): SeatHold => ({
  ...hold,
  quantity,
  ticket_type: { id: '9', name: 'VIP' },
  event: { ...hold.event, price: 150.5, event_date: '2030-09-26T00:00:00.000Z', refund_cutoff_hours: 24 },
});

describe('CreatePaymentUseCase: orders', () => {
  it('an order of 3 is one payment: the hold asks for 3 of the type, the amount is the unit price × 3', async () => {
    const { useCase, events, payments, published } = setUp({ hold: async () => vip(3) });
    const { answer } = await useCase.execute({ buyer, body: { ...body, quantity: 3, ticket_type_id: '9' } });
    expect(answer).toEqual({ statusCode: 201, body: { payment_id: expect.any(String), status: 'PENDING' } });
    expect(events.hold).toHaveBeenCalledTimes(1);
    expect(events.hold.mock.calls[0]![3]).toEqual({ quantity: 3, ticketTypeId: '9' });
    expect(payments.insert).toHaveBeenCalledTimes(1);
    expect(payments.insert.mock.calls[0]).toEqual([
      expect.anything(),
      expect.objectContaining({
        amount: 451.5,
        quantity: 3,
        unitPrice: 150.5,
        ticketTypeId: '9',
        ticketTypeName: 'VIP',
        refundableUntil: new Date('2030-09-25T00:00:00.000Z'),
      }),
    ]);
    expect(published).toHaveLength(1);
    // The transaction charges the whole order.
    expect(published[0]!.payload).toMatchObject({ event_amount: 451.5 });
  });

  it("the original's body asks events for one seat without order fields and records no type", async () => {
    const { useCase, events, payments, published } = setUp();
    await useCase.execute({ buyer, body });
    expect(events.hold.mock.calls[0]![3]).toEqual({ quantity: undefined, ticketTypeId: undefined });
    expect(payments.insert.mock.calls[0]).toEqual([
      expect.anything(),
      expect.objectContaining({
        amount: 10,
        quantity: 1,
        unitPrice: 10,
        ticketTypeId: null,
        ticketTypeName: null,
      }),
    ]);
    expect(published[0]!.payload).toMatchObject({ event_amount: 10 });
  });

  it('an order larger than the seats left is refused with them, and does not make the event "sold out"', async () => {
    let available = 2;
    const { useCase, calls } = setUp({
      hold: async (order) => {
        if ((order.quantity ?? 1) > available) throw soldOut(available);
        return { ...hold, quantity: order.quantity ?? 1 };
      },
      soldOutMemoryMs: 60_000,
    });
    await expect(useCase.execute({ buyer, body: { ...body, quantity: 3 } })).rejects.toMatchObject({
      code: 'SOLD_OUT',
      status: 409,
      details: { available: 2 },
    });
    // Two seats are still on sale to this process.
    expect((await useCase.execute({ buyer, body: { ...body, quantity: 2 } })).answer.statusCode).toBe(201);
    available = 0;
    await expect(useCase.execute({ buyer, body })).rejects.toMatchObject({ code: 'SOLD_OUT' });
    // Now none is left of the default type: remembered, events is not asked again for it...
    await expect(useCase.execute({ buyer, body: { ...body, quantity: 2 } })).rejects.toMatchObject({
      code: 'SOLD_OUT',
      message: 'event is sold out',
      details: { available: 0 },
    });
    expect(calls.filter((c) => c.startsWith('hold'))).toHaveLength(3);
    // ...but another type of the same event is.
    available = 5;
    await useCase.execute({ buyer, body: { ...body, ticket_type_id: '9' } });
    expect(calls.filter((c) => c.startsWith('hold'))).toHaveLength(4);
  });
});
