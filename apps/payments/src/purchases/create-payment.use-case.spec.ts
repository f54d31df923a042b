import { DomainError } from '@event-tickets/service-kit';
import { body, buyer, setUp, tokens } from './__fixtures__/purchase-fakes';
import { purchasesError } from './purchases.errors';

describe('CreatePaymentUseCase: holds never leak', () => {
  it('holds for HOLD_TTL_SECONDS, stores, then extends; nothing is left to release', async () => {
    const { useCase, rows, calls, payments } = setUp();
    const { answer } = await useCase.execute({ buyer, body });
    expect(answer.statusCode).toBe(201);
    expect(calls).toEqual(['hold 120', 'extend']);
    expect(payments.holdExtended).toHaveBeenCalledWith(answer.body.payment_id, expect.any(Date));
    expect(rows.size).toBe(0);
  });

  it('events late or failing: 503, and the hold it may have taken is released in the background', async () => {
    const { useCase, rows, calls } = setUp({
      hold: () => Promise.reject(purchasesError('EVENTS_UNAVAILABLE', 'events service unavailable')),
    });
    await expect(useCase.execute({ buyer, body })).rejects.toMatchObject({ code: 'EVENTS_UNAVAILABLE' });
    expect(calls).toEqual(['hold 120', 'release later']);
    expect(rows.size).toBe(1); // the releaser's row, until events confirms
  });

  it('sold out: nothing was held, nothing to release', async () => {
    const { useCase, rows, calls } = setUp({
      hold: () => Promise.reject(purchasesError('SOLD_OUT', 'event is sold out')),
    });
    await expect(useCase.execute({ buyer, body })).rejects.toMatchObject({ code: 'SOLD_OUT' });
    expect(calls).toEqual(['hold 120']);
    expect(rows.size).toBe(0);
  });

  it('sold out: the next purchases of that event within PURCHASE_SOLD_OUT_MEMORY_MS are answered 409 without asking events', async () => {
    const { useCase, calls, rows } = setUp({
      hold: () => Promise.reject(purchasesError('SOLD_OUT', 'event is sold out')),
      soldOutMemoryMs: 60_000,
    });
    await expect(useCase.execute({ buyer, body })).rejects.toMatchObject({ code: 'SOLD_OUT' });
    await expect(useCase.execute({ buyer, body })).rejects.toMatchObject({
      code: 'SOLD_OUT',
      message: 'event is sold out',
      status: 409,
    });
    expect(calls).toEqual(['hold 120']);
    expect(rows.size).toBe(0);
  });

  it('the payment is not stored (database error, refused body): the hold is released at once', async () => {
    const { useCase, calls } = setUp({ insert: () => Promise.reject(new Error('connection terminated')) });
    await expect(useCase.execute({ buyer, body })).rejects.toThrow('connection terminated');
    expect(calls).toEqual(['hold 120', 'release now']);
    const refused = setUp();
    await expect(
      refused.useCase.execute({ buyer, body: { ...body, event_amount: 11 } }),
    ).rejects.toBeInstanceOf(DomainError);
    expect(refused.calls).toEqual(['hold 120', 'release now']);
  });

  it('an extension that fails leaves the payment stored (201) on its first hold', async () => {
    const { useCase, calls, payments } = setUp();
    jest.spyOn(useCase['events'], 'extend').mockRejectedValue(new Error('timeout'));
    expect((await useCase.execute({ buyer, body })).answer.statusCode).toBe(201);
    expect(calls).toEqual(['hold 120']);
    expect(payments.holdExtended).not.toHaveBeenCalled();
  });
});

describe('CreatePaymentUseCase: the payment token', () => {
  it('is sealed before PAYMENT_CREATED is written to the outbox', async () => {
    const { useCase, published } = setUp();
    await useCase.execute({ buyer, body });
    expect(published).toHaveLength(1);
    const written = JSON.stringify(published[0]);
    expect(written).not.toContain(body.payment_token);
    const { payment_token } = published[0]!.payload as { payment_token: string };
    expect(payment_token).toMatch(/^sealed:v1:k1:/);
    expect(tokens.open(payment_token)).toBe(body.payment_token);
  });
});
