/**
 * The demo's small toolkit: the apps' URLs, a request that prints itself, numbered steps, polling,
 * and checks that stop the demo with a clear message when an answer is not the expected one.
 */
import { localUrl } from './apps.mjs';

export const url = {
  users: localUrl(3000),
  events: localUrl(3001),
  payments: localUrl(3002),
  clients: localUrl(3004),
  tickets: localUrl(4001),
  marketing: localUrl(3005),
};
export const mailApi = process.env.MAIL_API_URL ?? 'http://127.0.0.1:8025';
let step = 0;

export async function call(method, target, { body, token } = {}) {
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
  return { method, target, status: res.status, body: json, traceId: res.headers.get('x-trace-id') };
}

export const say = (text) => console.log(`\n${++step}. ${text}`);

/** The answer, if its status is `status`; else the demo stops, saying which step got what. */
export function expectStatus(res, status, what) {
  if (res.status !== status)
    throw new Error(
      `${what}: expected ${status}, got ${res.status} from ${res.method} ${res.target}: ${JSON.stringify(res.body)}`,
    );
  return res;
}

/** Stops the demo unless `ok`, saying what was expected and what came instead. */
export function check(ok, what, got) {
  if (!ok) throw new Error(`${what}; got ${JSON.stringify(got)}`);
}

/** Polls `probe` until `accept` says yes (every half second, `seconds` at most). */
export async function wait(probe, accept, seconds = 60, what = 'the platform to catch up') {
  for (let i = 0; i < seconds * 2; i += 1) {
    const value = await probe();
    if (accept(value)) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`gave up waiting for ${what} (is every app running? see npm start)`);
}

/** The emails Mailpit caught for `email`, newest first. */
export async function mailsTo(email) {
  const query = encodeURIComponent(`to:"${email}"`);
  return (await (await fetch(`${mailApi}/api/v1/search?query=${query}`)).json()).messages;
}

/** The QR images of a caught email (inline or attached). */
export async function qrCodes(id) {
  const message = await (await fetch(`${mailApi}/api/v1/message/${id}`)).json();
  const parts = [...(message.Inline ?? []), ...(message.Attachments ?? [])];
  return parts.filter((part) => part.ContentType.startsWith('image/')).length;
}

/** The payment once it is no longer PENDING. */
export const settled = (id, token) =>
  wait(
    () => call('GET', `${url.payments}/payments/${id}`, { token }),
    (r) => r.status === 200 && r.body.status !== 'PENDING',
    60,
    `payment ${id} to settle`,
  );

/** The buyer's tickets of one payment, once there are `count` of them. */
export const ticketsOf = async ({ email, token }, paymentId, count) => {
  const listed = await wait(
    () => call('GET', `${url.tickets}/tickets?email=${encodeURIComponent(email)}&size=100`, { token }),
    (r) => Array.isArray(r.body) && r.body.filter((t) => t.paymentId === paymentId).length >= count,
    60,
    `${count} ticket(s) of payment ${paymentId}`,
  );
  return listed.body.filter((t) => t.paymentId === paymentId);
};
