import { http, type HttpResult, type Platform } from '@event-tickets/testing';

/** The storm's crowd: buyers as a web front end's server would send them, and what they were answered. */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `work` over `items`, `concurrency` at a time (a bounded crowd; the test runs on 2 cores). */
export async function pool<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export interface Buyer {
  index: number;
  email: string;
  password: string;
  token?: string;
  /** One key per buyer: a retry after a cut connection never buys twice. */
  idempotencyKey: string;
  paymentId?: string;
  /** The last answer to a purchase: paid, sold out, or unavailable (503) after the buyer gave up. */
  outcome?: 'paid' | 'sold-out' | 'unavailable' | 'refused' | 'unreachable';
}

/** Every answer the crowd got, per step, by status (`503+retry-after`, `network` for a cut connection). */
export class Tally {
  readonly counts: Record<string, Record<string, number>> = {};
  /** Answers no buyer should get (status and body), a few of each kind, for the failure message. */
  readonly unexpected: { step: string; status: string; body: unknown }[] = [];

  add(step: string, label: string): void {
    const step_ = (this.counts[step] ??= {});
    step_[label] = (step_[label] ?? 0) + 1;
  }

  count(step: string, label: string): number {
    return this.counts[step]?.[label] ?? 0;
  }

  strange(step: string, status: string, body: unknown): void {
    this.add(step, status);
    if (this.unexpected.filter((u) => u.step === step && u.status === status).length < 3)
      this.unexpected.push({ step, status, body });
  }
}

type Attempt<T> = HttpResult<T> | 'network';

/** A request that answers 'network' when the connection fails or hangs (a replica killed under it). */
export async function attempt<T = Record<string, unknown>>(
  method: string,
  url: string,
  options: Parameters<typeof http>[2] & { timeoutMs?: number },
): Promise<Attempt<T>> {
  const { timeoutMs = 30_000, ...rest } = options;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      http<T>(method, url, rest),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
  } catch {
    return 'network';
  } finally {
    clearTimeout(timer);
  }
}

/** The client addresses the users app sees: behind the trusted proxy (127.0.0.1), in X-Forwarded-For. */
export const forwardedFor = (address: string) => ({ 'x-forwarded-for': address });

/** A registration's own address: the buyers created their accounts over the weeks before, from home. */
export const homeAddress = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/**
 * A registration (set-up, not the crowd under test): a 503 or 429 is tried again after its
 * Retry-After, a few times (the answers are tallied, so the test can say what it saw).
 */
export async function register(p: Platform, buyer: Buyer, tally: Tally): Promise<boolean> {
  for (let tries = 1; ; tries += 1) {
    const res = await attempt('POST', `${p.url.users}/users`, {
      body: { email: buyer.email, password: buyer.password },
      headers: forwardedFor(homeAddress(buyer.index + 1)),
    });
    if (res === 'network') return (tally.add('register', 'network'), false);
    if (res.status === 201) return (tally.add('register', '201'), true);
    if ((res.status !== 503 && res.status !== 429) || tries === 5) {
      tally.strange('register', String(res.status), res.body);
      return false;
    }
    tally.add('register', String(res.status));
    await sleep(Math.min(Number(res.headers.get('retry-after')) || 1, 5) * 1000);
  }
}

/** A login from `address`; the buyer keeps the token. */
export async function login(p: Platform, buyer: Buyer, address: string, tally: Tally): Promise<boolean> {
  const res = await attempt<{ token: string }>('POST', `${p.url.users}/users/token`, {
    body: { email: buyer.email, password: buyer.password },
    headers: forwardedFor(address),
  });
  if (res === 'network') return (tally.add('login', 'network'), false);
  if (res.status === 201 && res.body.token) {
    buyer.token = res.body.token;
    tally.add('login', '201');
    return true;
  }
  tally.strange('login', String(res.status), res.body);
  return false;
}

/**
 * Round robin over the payments replicas, as a load balancer in front of them would; a replica that
 * refused a connection is left out for a second (its health check), unless every one is.
 */
export class Balancer {
  private next = 0;
  private readonly downUntil = new Map<string, number>();
  constructor(private readonly urls: string[]) {}

  pick(): string {
    for (let i = 0; i < this.urls.length; i += 1) {
      const url = this.urls[this.next++ % this.urls.length]!;
      if ((this.downUntil.get(url) ?? 0) <= Date.now()) return url;
    }
    return this.urls[this.next++ % this.urls.length]!;
  }

  failed(url: string): void {
    this.downUntil.set(url, Date.now() + 1000);
  }
}

/**
 * One buyer's purchase: tried until it is paid or sold out. A 503 is retried after its Retry-After
 * (at most `maxAttempts` answers in all); a cut connection goes to the other replica at once, as the
 * balancer would. Anything else is an answer no buyer should get.
 */
export async function buy(
  buyer: Buyer,
  eventId: number,
  balancer: Balancer,
  tally: Tally,
  { maxAttempts = 8 }: { maxAttempts?: number } = {},
): Promise<void> {
  let answers = 0;
  let network = 0;
  while (answers < maxAttempts) {
    const url = balancer.pick();
    const res = await attempt<{ payment_id?: string; code?: string }>('POST', `${url}/payments`, {
      token: buyer.token,
      headers: { 'idempotency-key': buyer.idempotencyKey },
      body: {
        user_name: `Buyer ${buyer.index}`,
        user_email: buyer.email,
        event_id: String(eventId),
        payment_token: 'TOKEN123',
        user_language: 'en',
      },
    });
    if (res === 'network') {
      tally.add('purchase', 'network');
      balancer.failed(url);
      if ((network += 1) >= 20) {
        buyer.outcome = 'unreachable';
        return;
      }
      await sleep(100);
      continue;
    }
    answers += 1;
    if (res.status === 201 && res.body.payment_id) {
      tally.add('purchase', '201');
      buyer.paymentId = res.body.payment_id;
      buyer.outcome = 'paid';
      return;
    }
    if (res.status === 409 && res.body.code === 'SOLD_OUT') {
      tally.add('purchase', '409 SOLD_OUT');
      buyer.outcome = 'sold-out';
      return;
    }
    if (res.status === 503) {
      const retryAfter = Number(res.headers.get('retry-after'));
      const clean = Number.isFinite(retryAfter) && retryAfter > 0;
      if (clean) tally.add('purchase', '503+retry-after');
      else tally.strange('purchase', '503 without Retry-After', res.body);
      buyer.outcome = 'unavailable';
      await sleep((clean ? Math.min(retryAfter, 5) : 1) * 1000 * (1 + Math.random() / 2));
      continue;
    }
    tally.strange('purchase', String(res.status), res.body);
    buyer.outcome = 'refused';
    return;
  }
}

/** The SMTP catcher's messages matching a search (Mailpit's API, paged; newest first). */
const mailApi = () => process.env.MAIL_API_URL ?? 'http://127.0.0.1:8025';

interface MailPage {
  messages_count: number;
  messages: { ID: string; Subject: string; To: { Address: string }[]; Created: string }[];
}

async function mailPage(query: string, start: number, limit: number): Promise<MailPage> {
  const res = await fetch(
    `${mailApi()}/api/v1/search?query=${encodeURIComponent(query)}&start=${start}&limit=${limit}`,
  );
  if (!res.ok) throw new Error(`mail search ${query}: ${res.status}`);
  return (await res.json()) as MailPage;
}

/** How many captured messages match (one cheap request: the progress of a drain). */
export const mailCount = async (query: string) => (await mailPage(query, 0, 1)).messages_count;

/**
 * Every captured message matching the search, each once: pages of 1,000, read again from the start
 * if messages arrived meanwhile (the pages would have shifted).
 */
export async function mailSearch(query: string): Promise<MailPage['messages']> {
  for (;;) {
    const first = await mailPage(query, 0, 1000);
    const byId = new Map(first.messages.map((m) => [m.ID, m]));
    for (let start = 1000; start < first.messages_count; start += 1000)
      for (const m of (await mailPage(query, start, 1000)).messages) byId.set(m.ID, m);
    if (byId.size === first.messages_count && (await mailCount(query)) === first.messages_count)
      return [...byId.values()];
  }
}
