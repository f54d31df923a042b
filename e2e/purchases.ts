import { eventually, http, mailTo, type Platform, uniqueName } from '@event-tickets/testing';

export interface Buyer {
  email: string;
  token: string;
}

export async function loginAdmin(p: Platform): Promise<string> {
  const res = await http<{ token: string }>('POST', `${p.url.users}/users/token`, {
    body: { email: p.admin.email, password: p.admin.password },
  });
  if (res.status !== 201) throw new Error(`admin login: ${res.status}`);
  return res.body.token;
}

export async function newBuyer(p: Platform): Promise<Buyer> {
  const email = `${uniqueName('buyer')}@example.com`;
  await http('POST', `${p.url.users}/users`, { body: { email, password: 'buyer-password' } });
  const res = await http<{ token: string }>('POST', `${p.url.users}/users/token`, {
    body: { email, password: 'buyer-password' },
  });
  if (res.status !== 201) throw new Error(`buyer login: ${res.status}`);
  return { email, token: res.body.token };
}

export async function createEvent(p: Platform, adminToken: string, capacity: number): Promise<number> {
  const res = await http<{ id: number }>('POST', `${p.url.events}/events/admin`, {
    token: adminToken,
    body: {
      name: `Show ${uniqueName('e')}`,
      description: 'An evening of music',
      image_url: 'https://img.example.com/show.png',
      price: 99.9,
      currency: 'BRL',
      event_date: new Date(Date.now() + 30 * 86400_000).toISOString(),
      capacity,
    },
  });
  if (res.status !== 201) throw new Error(`create event: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** `count` purchases spaced by `gapMs`; returns the ids of those the API accepted (201). */
export async function burst(
  p: Platform,
  buyer: Buyer,
  eventId: number,
  count: number,
  gapMs = 100,
): Promise<string[]> {
  const accepted: string[] = [];
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * gapMs));
      try {
        const res = await http<{ payment_id: string }>('POST', `${p.url.payments}/payments`, {
          token: buyer.token,
          body: {
            user_name: 'Burst Buyer',
            user_email: buyer.email,
            event_id: String(eventId),
            payment_token: 'TOKEN123',
            user_language: 'en',
          },
        });
        if (res.status === 201) accepted.push(res.body.payment_id);
      } catch {
        /* payments itself is down: not a purchase */
      }
    }),
  );
  return accepted;
}

/**
 * The platform's promise for accepted purchases: each ends SUCCESS with exactly one ticket, one ticket
 * email and one approval email — nothing lost, nothing doubled.
 */
export async function expectEachExactlyOnce(
  p: Platform,
  buyer: Buyer,
  paymentIds: string[],
  timeoutMs = 120_000,
) {
  const n = paymentIds.length;
  const count = async () => {
    const mails = await mailTo(buyer.email);
    return {
      approvals: mails.filter((m) => m.Subject === 'Payment Approved =)').length,
      tickets: mails.filter((m) => m.Subject === 'Your ticket is here =)').length,
    };
  };
  await eventually(count, (c) => c.approvals >= n && c.tickets >= n, { timeoutMs, intervalMs: 1000 });
  await new Promise((r) => setTimeout(r, 5000)); // any duplicate would arrive now
  expect(await count()).toEqual({ approvals: n, tickets: n });
  const tickets = await http<{ paymentId: string; passport: string }[]>(
    'GET',
    `${p.url.tickets}/tickets?email=${encodeURIComponent(buyer.email)}&size=100`,
    {
      token: buyer.token,
    },
  );
  expect(tickets.body.map((t) => t.paymentId).sort()).toEqual([...paymentIds].sort());
  expect(new Set(tickets.body.map((t) => t.passport)).size).toBe(n);
  for (const id of paymentIds) {
    expect(
      (await http<{ status: string }>('GET', `${p.url.payments}/payments/${id}`, { token: buyer.token })).body
        .status,
    ).toBe('SUCCESS');
  }
}
