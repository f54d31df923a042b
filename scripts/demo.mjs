#!/usr/bin/env node
/**
 * `npm run demo`: against the platform `npm start` runs, walks a buyer's journey step by step and prints
 * what happens: each request and its status, where to read the emails, the trace id to open in Jaeger;
 * then door staff at the gate, and an order of two tickets one of which is refunded. A step whose
 * answer is not the expected one stops the demo, saying what it got.
 */
import { localAdmin } from './apps.mjs';
import {
  call,
  check,
  expectStatus,
  mailApi,
  mailsTo,
  qrCodes,
  say,
  settled,
  ticketsOf,
  url,
  wait,
} from './demo-http.mjs';

// The login `npm start` gave the first admin (ADMIN_EMAIL/ADMIN_PASSWORD, or the generated password).
const admin = localAdmin();
const enc = encodeURIComponent;

try {
  say('Are the six apps up? (npm start runs them)');
  for (const [app, u] of Object.entries(url)) {
    const res = await fetch(`${u}/health`).catch(() => undefined);
    console.log(`    ${app.padEnd(10)} ${u}/health → ${res?.status ?? 'not running'}`);
    if (!res?.ok) throw new Error(`${app} is not healthy: start the platform with npm start`);
  }

  say('The organiser (the first admin, from ADMIN_EMAIL) logs in and creates an event with 3 seats');
  const login = { email: admin.email, password: admin.password };
  const adminToken = expectStatus(
    await call('POST', `${url.users}/users/token`, { body: login }),
    201,
    'the admin login',
  ).body.token;
  const event = expectStatus(
    await call('POST', `${url.events}/events/admin`, {
      token: adminToken,
      body: {
        name: 'Demo Night',
        description: 'A demo concert',
        image_url: 'https://picsum.photos/350/250',
        price: 120,
        currency: 'BRL',
        event_date: new Date(Date.now() + 14 * 86400e3).toISOString(),
        capacity: 3,
      },
    }),
    201,
    'creating the event',
  );

  say('A buyer registers and logs in');
  const email = `demo-${Date.now()}@example.com`;
  await call('POST', `${url.users}/users`, { body: { email, password: 'demo-password' } });
  const token = expectStatus(
    await call('POST', `${url.users}/users/token`, { body: { email, password: 'demo-password' } }),
    201,
    'the buyer login',
  ).body.token;

  say('The buyer browses the catalogue');
  await call('GET', `${url.events}/events?page=1&size=3`, { token });
  await call('GET', `${url.events}/events/${event.body.id}`, { token });

  say('The buyer pays (an even-length token: the simulated gateway approves)');
  const buy = (extra = {}) =>
    call('POST', `${url.payments}/payments`, {
      token,
      body: {
        user_name: 'Demo Buyer',
        user_email: email,
        event_id: String(event.body.id),
        payment_token: 'TOKEN123',
        user_language: 'en',
        ...extra,
      },
    });
  const payment = expectStatus(await buy(), 201, 'the purchase');
  const status = await settled(payment.body.payment_id, token);
  console.log(`    payment ${payment.body.payment_id}: ${status.body.status}`);

  say('Emails: the approval and the ticket (with its QR code)');
  const mails = await wait(
    () => mailsTo(email),
    (m) => m.length >= 2,
    60,
    'two emails',
  );
  for (const m of mails) console.log(`    "${m.Subject}" → ${mailApi}/view/${m.ID}`);
  console.log(`    all mail: ${mailApi}`);

  say('The ticket, the client, the converted lead, the seat sold');
  const [ticket] = await ticketsOf({ email, token }, payment.body.payment_id, 1);
  await wait(
    () => call('GET', `${url.clients}/clients?email=${enc(email)}`, { token }),
    (r) => r.status === 200,
  );
  await wait(
    () => call('GET', `${url.marketing}/leads/${enc(email)}`, { token: adminToken }),
    (r) => r.body.converted === true,
  );
  await call('GET', `${url.events}/events/${event.body.id}`, { token });

  say('At the gate: the admin makes an account door staff (STAFF), who checks the ticket in — once');
  const door = { email: `door-${Date.now()}@example.com`, password: 'door-password' };
  expectStatus(
    await call('POST', `${url.users}/users`, { token: adminToken, body: { ...door, role: 'STAFF' } }),
    201,
    'registering the door staff account (an admin may)',
  );
  const staffToken = expectStatus(
    await call('POST', `${url.users}/users/token`, { body: door }),
    201,
    'the door staff login',
  ).body.token;
  const checkIn = (passport) =>
    call('POST', `${url.tickets}/tickets/${passport}/check-in`, { token: staffToken });
  expectStatus(await checkIn(ticket.passport), 200, 'the first check-in');
  expectStatus(await checkIn(ticket.passport), 409, 'the second check-in of the same ticket');

  say('The buyer orders two tickets in one payment (quantity 2): the last two seats');
  const order = expectStatus(await buy({ quantity: 2 }), 201, 'the order of two tickets');
  const orderId = order.body.payment_id;
  const paid = await settled(orderId, token);
  check(
    paid.body.status === 'SUCCESS' && paid.body.quantity === 2,
    'a SUCCESS of 2 tickets expected',
    paid.body,
  );
  console.log(
    `    order ${orderId}: ${paid.body.status}, ${paid.body.quantity} × ${paid.body.unit_price} = ${paid.body.amount}`,
  );
  const pair = await ticketsOf({ email, token }, orderId, 2);
  for (const t of pair) console.log(`    seat ${t.seat}: passport ${t.passport} (${t.status})`);
  const full = await call('GET', `${url.events}/events/${event.body.id}`, { token });
  check(full.body.available === 0, 'the event should be sold out', full.body.available);
  const ticketMail = await wait(
    async () => {
      for (const m of (await mailsTo(email)).slice(0, 4)) if ((await qrCodes(m.ID)) === 2) return m;
      return undefined;
    },
    Boolean,
    60,
    'one ticket email with two QR codes',
  );
  console.log(`    one email, two QR codes: "${ticketMail.Subject}" → ${mailApi}/view/${ticketMail.ID}`);

  say('The buyer refunds one of the two tickets (before the refund cutoff)');
  const [kept, returned] = pair;
  const refund = expectStatus(
    await call('POST', `${url.payments}/payments/${orderId}/refunds`, {
      token,
      body: { passports: [returned.passport] },
    }),
    201,
    'the refund of one ticket',
  );
  const { status: done, quantity, amount, payment_status: now } = refund.body;
  check(done === 'COMPLETED' && quantity === 1, 'a COMPLETED refund of 1 ticket expected', refund.body);
  check(now === 'PARTIALLY_REFUNDED', 'the order should now be PARTIALLY_REFUNDED', refund.body);
  console.log(`    refunded ${amount} for 1 ticket; the order is now ${now}`);
  await call('GET', `${url.payments}/payments/${orderId}/refunds`, { token });

  say('The refunded ticket is void at the gate, the other still passes; the seat is back on sale');
  const voided = expectStatus(await checkIn(returned.passport), 409, 'checking in the refunded ticket');
  check(voided.body.code === 'TICKET_VOIDED', 'the refused check-in should say TICKET_VOIDED', voided.body);
  expectStatus(await checkIn(kept.passport), 200, 'checking in the ticket kept');
  await wait(
    () => call('GET', `${url.events}/events/${event.body.id}`, { token }),
    (r) => r.body.available === 1,
    60,
    'the refunded seat to be on sale again',
  );
  // Two emails per paid order (approval, tickets), then the refund's: five in all, the newest first.
  const refundMail = await wait(
    () => mailsTo(email),
    (m) => m.length >= 5,
    60,
    'the refund email',
  );
  console.log(`    "${refundMail[0].Subject}" → ${mailApi}/view/${refundMail[0].ID}`);

  say('Follow the first purchase as one trace');
  console.log(
    payment.traceId
      ? `    trace id ${payment.traceId}: http://127.0.0.1:16686/trace/${payment.traceId} (Jaeger, with docker compose or OTEL_EXPORTER_OTLP_ENDPOINT set)`
      : '    no trace id in the response (tracing disabled: set OTEL_EXPORTER_OTLP_ENDPOINT to export spans)',
  );
  console.log('\nDone.');
} catch (error) {
  console.error(`\nThe demo stopped: ${error.message}`);
  process.exitCode = 1;
}
