import { AssignerProtocol } from 'kafkajs';
import {
  eventually,
  http,
  type KafkaGoMember,
  mailTo,
  type Platform,
  testKafka,
} from '@event-tickets/testing';
import { type Buyer, newBuyer } from './purchases';

/** The hand-over's purchases and who handled them: a kafka-go member (the original's) or our clients app. */

export interface Purchase {
  buyer: Buyer;
  paymentId: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Purchases flowing all the time: `lanes` loops, each a new buyer buying one seat with the original's
 * request body, then the next. One buyer per purchase, so counting a buyer's tickets and emails counts
 * that purchase's.
 */
export function purchaseFlow(p: Platform, eventId: number, lanes = 2) {
  const purchases: Purchase[] = [];
  const failures: string[] = [];
  let running = true;
  let paused = false;
  let inFlight = 0;
  const lane = async () => {
    while (running) {
      if (paused) {
        await sleep(100);
        continue;
      }
      inFlight += 1;
      try {
        const buyer = await newBuyer(p);
        const res = await http<{ payment_id: string }>('POST', `${p.url.payments}/payments`, {
          token: buyer.token,
          body: {
            user_name: 'Hand-over Buyer',
            user_email: buyer.email,
            event_id: String(eventId),
            payment_token: 'TOKEN123',
            user_language: 'en',
          },
        });
        if (res.status === 201) purchases.push({ buyer, paymentId: res.body.payment_id });
        else failures.push(`${res.status} ${JSON.stringify(res.body)}`);
      } catch (error) {
        failures.push(String(error));
      } finally {
        inFlight -= 1;
      }
      await sleep(150);
    }
  };
  const loops = Array.from({ length: lanes }, lane);
  return {
    purchases,
    failures,
    /** Waits until `count` purchases were accepted in all. */
    async reach(count: number, timeoutMs = 120_000): Promise<void> {
      await eventually(
        async () => purchases.length,
        (n) => n >= count,
        { timeoutMs, intervalMs: 200 },
      );
      if (purchases.length < count)
        throw new Error(
          `${purchases.length} of ${count} purchases accepted: ${failures.slice(-3).join('; ')}`,
        );
    },
    /** No new purchase until `resume()`; resolves once none is being made. */
    async pause(): Promise<void> {
      paused = true;
      await eventually(
        async () => inFlight,
        (n) => n === 0,
        { timeoutMs: 30_000, intervalMs: 50 },
      );
    },
    resume(): void {
      paused = false;
    },
    async stop(): Promise<void> {
      running = false;
      await Promise.all(loops);
    },
  };
}

export interface GroupMember {
  clientId: string;
  partitions: number[];
}

/** The group's members now, with the partitions of `topic` each was assigned (the broker's view). */
export async function groupMembers(groupId: string, topic: string): Promise<GroupMember[]> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return (groups[0]?.members ?? []).map((m) => {
      let partitions: number[] = [];
      try {
        partitions = AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[topic] ?? [];
      } catch {
        /* an assignment not yet synced (empty) */
      }
      return { clientId: m.clientId, partitions: [...partitions].sort() };
    });
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the group has `count` members and every one of them holds partitions of `topic`. */
export async function groupSettles(groupId: string, topic: string, count: number): Promise<GroupMember[]> {
  const members = await eventually(
    () => groupMembers(groupId, topic),
    (ms) => ms.length === count && ms.every((m) => m.partitions.length > 0),
    { timeoutMs: 90_000, intervalMs: 500 },
  );
  expect(members).toHaveLength(count);
  for (const m of members) expect(m.partitions.length).toBeGreaterThan(0);
  return members;
}

export interface IssuedTicket {
  passport: string;
  paymentId?: string;
}

/** Every ticket of the buyer's email, as an admin lists them (tickets from the original's messages included). */
export async function ticketsOf(p: Platform, adminToken: string, email: string): Promise<IssuedTicket[]> {
  const res = await http<IssuedTicket[]>(
    'GET',
    `${p.url.tickets}/tickets?email=${encodeURIComponent(email)}&size=100`,
    { token: adminToken },
  );
  if (res.status !== 200) throw new Error(`tickets of ${email}: ${res.status}`);
  return res.body;
}

/** Waits until every purchase has at least one ticket. */
export async function ticketed(p: Platform, adminToken: string, purchases: Purchase[]): Promise<void> {
  const missing = async () => {
    const counts = await Promise.all(
      purchases.map(async (x) => (await ticketsOf(p, adminToken, x.buyer.email)).length),
    );
    return purchases.filter((_, i) => counts[i] === 0).map((x) => x.paymentId);
  };
  expect(await eventually(missing, (m) => m.length === 0, { timeoutMs: 120_000, intervalMs: 1000 })).toEqual(
    [],
  );
}

export const TICKET_MAIL = /^Your tickets? (is|are) here =\)$/;

/** Per purchase: its tickets, ticket emails and approval emails (each must be exactly one). */
export async function effectsOf(p: Platform, adminToken: string, x: Purchase) {
  const mails = await mailTo(x.buyer.email);
  const tickets = await ticketsOf(p, adminToken, x.buyer.email);
  return {
    paymentId: x.paymentId,
    tickets: tickets.length,
    ticketMails: mails.filter((m) => TICKET_MAIL.test(m.Subject)).length,
    approvals: mails.filter((m) => m.Subject === 'Payment Approved =)').length,
  };
}

/** The payment ids a kafka-go member read (its PAYMENT_SUCCEEDED values are the payments' JSON). */
export function readBy(member: KafkaGoMember): Set<string> {
  return new Set(
    member.received.map((m) => (JSON.parse(m.value) as { payment_id?: string }).payment_id ?? ''),
  );
}

/** Of `purchases`, how many the kafka-go member handled and how many our clients app did (so far). */
export async function handlers(
  p: Platform,
  adminToken: string,
  purchases: Purchase[],
  member: KafkaGoMember,
) {
  const read = readBy(member);
  const rest = purchases.filter((x) => !read.has(x.paymentId));
  const tickets = await Promise.all(rest.map((x) => ticketsOf(p, adminToken, x.buyer.email)));
  return {
    kafkaGo: purchases.length - rest.length,
    ours: tickets.filter((t, i) => t.some((k) => k.paymentId === rest[i]!.paymentId)).length,
  };
}
