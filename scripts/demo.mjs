#!/usr/bin/env node
/**
 * `npm run demo`: against the platform `npm start` runs, walks a buyer's journey step by step and prints
 * what happens: each request and its status, where to read the emails, the trace id to open in Jaeger.
 */
import { localAdmin, localUrl } from './apps.mjs';

const base = localUrl;
const url = {
  users: base(3000),
  events: base(3001),
  payments: base(3002),
  clients: base(3004),
  tickets: base(4001),
  marketing: base(3005),
};
const mailApi = process.env.MAIL_API_URL ?? 'http://127.0.0.1:8025';
// The login `npm start` gave the first admin (ADMIN_EMAIL/ADMIN_PASSWORD, or the generated password).
const admin = localAdmin();
let step = 0;

async function call(method, target, { body, token } = {}) {
  const res = await fetch(target, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = text;
  }
  const shown = JSON.stringify(json);
  console.log(
    `    ${method} ${target} → ${res.status} ${shown.length > 160 ? `${shown.slice(0, 160)}…` : shown}`,
  );
  return { status: res.status, body: json, traceId: res.headers.get('x-trace-id') };
}
const say = (text) => console.log(`\n${++step}. ${text}`);
const wait = async (probe, accept, seconds = 60) => {
  for (let i = 0; i < seconds * 2; i += 1) {
    const value = await probe();
    if (accept(value)) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('gave up waiting (is every app running? see npm start)');
};

try {
  say('Are the six apps up? (npm start runs them)');
  for (const [app, u] of Object.entries(url)) {
    const res = await fetch(`${u}/health`).catch(() => undefined);
    console.log(`    ${app.padEnd(10)} ${u}/health → ${res?.status ?? 'not running'}`);
    if (!res?.ok) throw new Error(`${app} is not healthy: start the platform with npm start`);
  }

  say('The organiser (the first admin, from ADMIN_EMAIL) logs in and creates an event with 3 seats');
  const login = { email: admin.email, password: admin.password };
  const adminToken = (await call('POST', `${url.users}/users/token`, { body: login })).body.token;
  const event = await call('POST', `${url.events}/events/admin`, {
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
  });

  say('A buyer registers and logs in');
  const email = `demo-${Date.now()}@example.com`;
  await call('POST', `${url.users}/users`, { body: { email, password: 'demo-password' } });
  const token = (
    await call('POST', `${url.users}/users/token`, { body: { email, password: 'demo-password' } })
  ).body.token;

  say('The buyer browses the catalogue');
  await call('GET', `${url.events}/events?page=1&size=3`, { token });
  await call('GET', `${url.events}/events/${event.body.id}`, { token });

  say('The buyer pays (an even-length token: the simulated gateway approves)');
  const payment = await call('POST', `${url.payments}/payments`, {
    token,
    body: {
      user_name: 'Demo Buyer',
      user_email: email,
      event_id: String(event.body.id),
      payment_token: 'TOKEN123',
      user_language: 'en',
    },
  });
  const status = await wait(
    () => call('GET', `${url.payments}/payments/${payment.body.payment_id}`, { token }),
    (r) => r.body.status !== 'PENDING',
  );
  console.log(`    payment ${payment.body.payment_id}: ${status.body.status}`);

  say('Emails: the approval and the ticket (with its QR code)');
  const mails = await wait(
    async () =>
      (await (await fetch(`${mailApi}/api/v1/search?query=${encodeURIComponent(`to:"${email}"`)}`)).json())
        .messages,
    (m) => m.length >= 2,
  );
  for (const m of mails) console.log(`    "${m.Subject}" → ${mailApi}/view/${m.ID}`);
  console.log(`    all mail: ${mailApi}`);

  say('The ticket, the client, the converted lead, the seat sold');
  const tickets = await wait(
    () => call('GET', `${url.tickets}/tickets?email=${encodeURIComponent(email)}`, { token }),
    (r) => Array.isArray(r.body) && r.body.length > 0,
  );
  const passport = tickets.body[0].passport;
  await wait(
    () => call('GET', `${url.clients}/clients?email=${encodeURIComponent(email)}`, { token }),
    (r) => r.status === 200,
  );
  await wait(
    () => call('GET', `${url.marketing}/leads/${encodeURIComponent(email)}`, { token: adminToken }),
    (r) => r.body.converted === true,
  );
  await call('GET', `${url.events}/events/${event.body.id}`, { token });

  say('At the gate: staff check the ticket in — once');
  await call('POST', `${url.tickets}/tickets/${passport}/check-in`, { token: adminToken });
  await call('POST', `${url.tickets}/tickets/${passport}/check-in`, { token: adminToken });

  say('Follow this purchase as one trace');
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
