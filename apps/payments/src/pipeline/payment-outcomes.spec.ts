import { Payments } from '@event-tickets/contracts';
import type { OutgoingMessage, Transaction } from '@event-tickets/service-kit';
import type { PaymentRow } from '../common/payment-status';
import type { PaymentEmailsRepository } from '../emails/payment-emails.repository';
import { PaymentOutcomes } from './payment-outcomes';

const row = (overrides: Partial<PaymentRow> = {}): PaymentRow => ({
  id: 'p-1',
  user_id: 'u-1',
  user_email: 'ana@example.com',
  user_name: 'Ana',
  user_language: 'en',
  status: 'SUCCESS',
  event_id: '42',
  amount: '451.50',
  currency: 'BRL',
  reason: null,
  event_name: 'Show',
  event_description: '',
  event_image_url: '',
  event_date: null,
  deadline_at: null,
  created_at: new Date(),
  updated_at: new Date(),
  quantity: 1,
  ticket_type_id: null,
  ticket_type_name: null,
  unit_price: null,
  refundable_until: null,
  refunded_quantity: 0,
  refunded_amount: '0',
  ...overrides,
});

async function succeeded(payment: PaymentRow): Promise<Record<string, unknown>> {
  const published: OutgoingMessage[] = [];
  const tx = { publish: async (m: OutgoingMessage) => void published.push(m) } as unknown as Transaction;
  const emails = { record: async () => undefined } as unknown as PaymentEmailsRepository;
  await new PaymentOutcomes(emails).succeeded(tx, payment);
  expect(published).toHaveLength(1);
  const payload = published[0]!.payload as Record<string, unknown>;
  expect(Payments.PaymentSucceededV1.parse(payload)).toMatchObject({ ok: true });
  return payload;
}

describe('PAYMENT_SUCCEEDED order fields', () => {
  it('an order carries its quantity, ticket type and unit price', async () => {
    const payload = await succeeded(
      row({ quantity: 3, ticket_type_id: '9', ticket_type_name: 'VIP', unit_price: '150.50' }),
    );
    expect(payload).toMatchObject({
      amount: 451.5,
      quantity: 3,
      ticket_type_id: '9',
      ticket_type_name: 'VIP',
      unit_price: 150.5,
    });
  });

  it("a purchase without order fields sends the original's message, without them", async () => {
    const payload = await succeeded(row({ amount: '150.50', unit_price: '150.50' }));
    for (const field of ['quantity', 'ticket_type_id', 'ticket_type_name', 'unit_price'])
      expect(payload).not.toHaveProperty(field);
  });
});
