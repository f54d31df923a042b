import { holdRefusal } from './hold-refusals';

const refusal = (status: number, body: unknown) => {
  const error = holdRefusal(status, body);
  return error && { code: error.code, status: error.status, message: error.message, details: error.details };
};

describe(holdRefusal.name, () => {
  it('SOLD_OUT: 409 with the seats left; "event is sold out" when none is', () => {
    expect(refusal(409, { code: 'SOLD_OUT', details: { available: 0 } })).toEqual({
      code: 'SOLD_OUT',
      status: 409,
      message: 'event is sold out',
      details: { available: 0 },
    });
    expect(refusal(409, { code: 'SOLD_OUT', details: { available: 2 } })).toEqual({
      code: 'SOLD_OUT',
      status: 409,
      message: 'not enough seats left for this order',
      details: { available: 2 },
    });
    expect(refusal(409, { code: 'SOLD_OUT', available: 1 })?.details).toEqual({ available: 1 });
    // An events without counts: the original's answer.
    expect(refusal(409, { code: 'SOLD_OUT' })).toEqual({
      code: 'SOLD_OUT',
      status: 409,
      message: 'event is sold out',
      details: undefined,
    });
  });

  it('QUANTITY_ABOVE_LIMIT: 400 with the maximum per order', () => {
    expect(refusal(400, { code: 'QUANTITY_ABOVE_LIMIT', details: { max_tickets_per_order: 10 } })).toEqual({
      code: 'QUANTITY_ABOVE_LIMIT',
      status: 400,
      message: 'at most 10 tickets per order for this event',
      details: { max_tickets_per_order: 10 },
    });
  });

  it('TICKET_TYPE_NOT_FOUND 404; SALE_NOT_STARTED, SALE_ENDED, EVENT_CANCELLED 409, same codes', () => {
    expect(refusal(404, { code: 'TICKET_TYPE_NOT_FOUND' })).toMatchObject({
      code: 'TICKET_TYPE_NOT_FOUND',
      status: 404,
      message: 'ticket type is not found',
    });
    for (const code of ['SALE_NOT_STARTED', 'SALE_ENDED', 'EVENT_CANCELLED'])
      expect(refusal(409, { code })).toMatchObject({ code, status: 409, message: expect.any(String) });
  });

  it("keeps today's answers: 404 or 400 otherwise is EVENT_NOT_FOUND; another 409 is not a refusal", () => {
    expect(refusal(404, { code: 'EVENT_NOT_FOUND' })).toMatchObject({ code: 'EVENT_NOT_FOUND', status: 404 });
    expect(refusal(400, { message: 'bad id' })).toMatchObject({ code: 'EVENT_NOT_FOUND', status: 404 });
    expect(holdRefusal(409, { code: 'HOLD_RELEASED' })).toBeUndefined();
    expect(holdRefusal(422, undefined)).toBeUndefined();
  });
});
