import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import {
  eventually,
  http,
  mailDetail,
  mailPart,
  mailTo,
  type Platform,
  uniqueName,
} from '@event-tickets/testing';
import type { Buyer } from './purchases';

/** What the orders journeys read back: tickets, payments, ticket types and the emails a buyer gets. */
export interface TicketView {
  passport: string;
  paymentId: string | null;
  status: string;
  seat?: number;
}

export interface TicketTypeView {
  id: number;
  name: string;
  price: number;
  capacity: number | null;
  available: number | null;
  is_default: boolean;
}

export interface PaymentView {
  status: string;
  amount: number;
  quantity: number;
  ticket_type_id?: string | null;
  refunded_quantity?: number;
  refunded_amount?: number;
}

export function orders(p: Platform) {
  const e = encodeURIComponent;
  return {
    /** An event with its default type (price 50, `capacity`) and the extra `types`. */
    async createEvent(
      adminToken: string,
      capacity: number,
      types: { name: string; price: number; capacity: number }[] = [],
    ): Promise<number> {
      const res = await http<{ id: number }>('POST', `${p.url.events}/events/admin`, {
        token: adminToken,
        body: {
          name: `Show ${uniqueName('e')}`,
          description: 'An evening of music',
          image_url: 'https://img.example.com/show.png',
          price: 50,
          currency: 'BRL',
          event_date: new Date(Date.now() + 30 * 86400_000).toISOString(),
          capacity,
          ...(types.length ? { ticket_types: types } : {}),
        },
      });
      if (res.status !== 201) throw new Error(`create event: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id;
    },

    event: (eventId: number, token: string) =>
      http<{ available: number; status?: string; ticket_types: TicketTypeView[] }>(
        'GET',
        `${p.url.events}/events/${eventId}`,
        { token },
      ),

    order: (buyer: Buyer, eventId: number, extra: { quantity?: number; ticket_type_id?: number } = {}) =>
      http<{ payment_id: string; status: string; code?: string; available?: number }>(
        'POST',
        `${p.url.payments}/payments`,
        {
          token: buyer.token,
          body: {
            user_name: 'Order Buyer',
            user_email: buyer.email,
            event_id: String(eventId),
            payment_token: 'TOKEN123',
            user_language: 'en',
            ...extra,
          },
        },
      ),

    payment: (id: string, token: string) =>
      http<PaymentView>('GET', `${p.url.payments}/payments/${id}`, { token }),

    /** The payment once it left PENDING (or reached `status`). */
    async settled(id: string, token: string, status?: string, timeoutMs = 90_000): Promise<PaymentView> {
      const res = await eventually(
        () => http<PaymentView>('GET', `${p.url.payments}/payments/${id}`, { token }),
        (r) => (status ? r.body.status === status : r.body.status !== 'PENDING'),
        { timeoutMs },
      );
      return res.body;
    },

    refund: (paymentId: string, token: string, passports?: string[]) =>
      http<{
        refund_id: string;
        quantity: number;
        amount: number;
        passports: string[];
        payment_status: string;
        code?: string;
      }>('POST', `${p.url.payments}/payments/${paymentId}/refunds`, {
        token,
        body: passports ? { passports } : {},
      }),

    checkIn: (passport: string, token: string) =>
      http<{ code?: string }>('POST', `${p.url.tickets}/tickets/${passport}/check-in`, { token }),

    /** The buyer's tickets of one payment, once `count` of them are issued. */
    async ticketsOf(buyer: Buyer, paymentId: string, count: number): Promise<TicketView[]> {
      const res = await eventually(
        () =>
          http<TicketView[]>('GET', `${p.url.tickets}/tickets?email=${e(buyer.email)}&size=100`, {
            token: buyer.token,
          }),
        (r) => Array.isArray(r.body) && r.body.filter((t) => t.paymentId === paymentId).length >= count,
        { timeoutMs: 90_000 },
      );
      return res.body.filter((t) => t.paymentId === paymentId);
    },
  };
}

/** The buyer's emails whose subject matches, once there are `atLeast`; then a pause for duplicates. */
export async function mailsMatching(email: string, subject: RegExp, atLeast: number, settleMs = 4000) {
  await eventually(
    () => mailTo(email),
    (m) => m.filter((x) => subject.test(x.Subject)).length >= atLeast,
    { timeoutMs: 120_000, intervalMs: 1000 },
  );
  await new Promise((r) => setTimeout(r, settleMs));
  return (await mailTo(email)).filter((x) => subject.test(x.Subject));
}

/** The passports the QR codes of one email decode to. */
export async function qrPassports(mailId: string): Promise<string[]> {
  const mail = await mailDetail(mailId);
  const pngs = [...mail.Inline, ...mail.Attachments].filter((part) => part.ContentType === 'image/png');
  const decoded: string[] = [];
  for (const part of pngs) {
    const png = PNG.sync.read(await mailPart(mail.ID, part.PartID));
    const text = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
    if (text) decoded.push(text);
  }
  return decoded;
}
