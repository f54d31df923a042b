import { randomBytes } from 'node:crypto';
import { eventually, mailTo, type Platform, uniqueName } from '@event-tickets/testing';
import { http } from './http';

export interface Purchase {
  /** The trace the buyer's client started (W3C traceparent sent with POST /payments). */
  traceId: string;
  /** The client's own span id: the parent of payments' server span. */
  clientSpanId: string;
  buyer: string;
  eventId: number;
  price: number;
}

/**
 * What a buyer does: an admin creates an event, the buyer registers, logs in and pays with a
 * W3C traceparent of its own (so the test knows the trace id); resolves once both emails arrived.
 */
export async function purchase({ url, admin }: Platform): Promise<Purchase> {
  const traceId = randomBytes(16).toString('hex');
  const clientSpanId = randomBytes(8).toString('hex');
  const price = 120;
  const adminLogin = await http<{ token: string }>('POST', `${url.users}/users/token`, { body: admin });
  if (adminLogin.status !== 201) throw new Error(`admin login: ${adminLogin.status}`);
  const created = await http<{ id: number }>('POST', `${url.events}/events/admin`, {
    token: adminLogin.body.token,
    body: {
      name: `Traced show ${uniqueName('e')}`,
      description: 'One purchase, one trace',
      image_url: 'https://img.example.com/show.png',
      price,
      currency: 'BRL',
      event_date: new Date(Date.now() + 30 * 86400_000).toISOString(),
      capacity: 10,
    },
  });
  if (created.status !== 201)
    throw new Error(`create event: ${created.status} ${JSON.stringify(created.body)}`);
  const buyer = `${uniqueName('traced')}@example.com`;
  const registered = await http('POST', `${url.users}/users`, {
    body: { email: buyer, password: 'buyer-password' },
  });
  if (registered.status !== 201) throw new Error(`register: ${registered.status}`);
  const login = await http<{ token: string }>('POST', `${url.users}/users/token`, {
    body: { email: buyer, password: 'buyer-password' },
  });
  const paid = await http<{ payment_id: string }>('POST', `${url.payments}/payments`, {
    token: login.body.token,
    headers: { traceparent: `00-${traceId}-${clientSpanId}-01` },
    body: {
      user_name: 'Traced Buyer',
      user_email: buyer,
      event_id: String(created.body.id),
      payment_token: 'TOKEN123',
      user_language: 'en',
    },
  });
  if (paid.status !== 201) throw new Error(`POST /payments: ${paid.status} ${JSON.stringify(paid.body)}`);
  const mails = await eventually(
    () => mailTo(buyer),
    (m) => m.length >= 2,
    { timeoutMs: 90_000 },
  );
  const subjects = mails.map((m) => m.Subject).sort();
  if (subjects.join('|') !== 'Payment Approved =)|Your ticket is here =)')
    throw new Error(`emails of the purchase: ${subjects.join(', ')}`);
  return { traceId, clientSpanId, buyer, eventId: created.body.id, price };
}
