import { validateBody } from '@event-tickets/service-kit';
import { CreatePaymentRequest } from './payment.requests';

const body = { user_email: 'ana@example.com', event_id: '42' };

describe('CreatePaymentRequest: order fields', () => {
  it('takes an integer quantity from 1 to 1000 and a ticket type id as digits or an integer', async () => {
    const parsed = await validateBody(CreatePaymentRequest, { ...body, quantity: 3, ticket_type_id: 7 });
    expect(parsed).toMatchObject({ quantity: 3, ticket_type_id: '7' });
    expect(
      await validateBody(CreatePaymentRequest, { ...body, quantity: 1000, ticket_type_id: '7' }),
    ).toMatchObject({ quantity: 1000, ticket_type_id: '7' });
    const original = await validateBody(CreatePaymentRequest, body);
    expect(original.quantity).toBeUndefined();
    expect(original.ticket_type_id).toBeUndefined();
  });

  it.each([0, 1.5, 'x', '3', 1001, -1, true])(
    'refuses quantity %p with a message (400)',
    async (quantity) => {
      await expect(validateBody(CreatePaymentRequest, { ...body, quantity })).rejects.toMatchObject({
        status: 400,
        response: expect.objectContaining({
          message: ['quantity must be an integer from 1 to 1000'],
          errors: [{ field: 'quantity', messages: ['quantity must be an integer from 1 to 1000'] }],
        }),
      });
    },
  );

  it.each(['abc', '..', '1/2', 1.5, -3, ''])('refuses ticket_type_id %p (400)', async (ticket_type_id) => {
    await expect(validateBody(CreatePaymentRequest, { ...body, ticket_type_id })).rejects.toMatchObject({
      status: 400,
      response: expect.objectContaining({
        message: expect.arrayContaining([
          'ticket_type_id must be a ticket type id: a string of digits or an integer',
        ]),
      }),
    });
  });
});
