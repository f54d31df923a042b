import { eventually, tcpProxy, type TcpProxy } from '@event-tickets/testing';
import {
  qrTextOf,
  sendTicket,
  startTicketsApp,
  ticketEmails,
  ticketPayload,
  type TicketsTestApp,
} from '../support/tickets-app';

describe('tickets: SMTP down for a while → one email after it returns, same passport', () => {
  let proxy: TcpProxy;
  let t: TicketsTestApp;

  beforeAll(async () => {
    proxy = await tcpProxy(1025);
    t = await startTicketsApp({
      MAIL_PORT: String(proxy.port),
      TICKET_MAIL_RETRY_BASE_MS: '500',
      TICKET_MAIL_RETRY_MAX_MS: '2000',
      // Readiness checks SMTP at most every 30 s by default; this test reads it right after the outage.
      HEALTH_SMTP_CACHE_MS: '1000',
    });
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.close();
  });

  it('records the ticket and the pending email, retries with backoff, sends once when SMTP is back', async () => {
    proxy.down();
    const payload = ticketPayload();
    const email = payload.email as string;
    await sendTicket(t.topic, payload);

    const pending = await eventually(
      () => t.tickets.findOne({ email }).lean(),
      (d) => !!d && d.mail.attempts >= 2,
      { timeoutMs: 60_000 },
    );
    expect(pending?.mail).toMatchObject({ status: 'PENDING' });
    expect(pending!.mail.lastError).toBeTruthy();
    expect(pending!.mail.nextAttemptAt.getTime()).toBeGreaterThan(pending!.createdAt.getTime());
    const passport = pending!.passport;

    const health = await t.call<{ status: string; error: Record<string, { status: string }> }>(
      'GET',
      '/health',
    );
    expect(health.status).toBe(503);
    expect(health.body.error.smtp?.status).toBe('down');
    expect(await ticketEmails(email)).toHaveLength(0);
    const metrics = await (await fetch(`${t.app.url}/metrics`)).text();
    expect(
      Number(/^ticket_emails_failed_total\{reason="transient"[^\n]* (\d+)$/m.exec(metrics)?.[1]),
    ).toBeGreaterThanOrEqual(2);
    expect(Number(/^ticket_emails_pending[{ ][^\n]*?(\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);

    proxy.up();
    const sent = await eventually(
      () => t.tickets.findOne({ email }).lean(),
      (d) => d?.mail.status === 'SENT',
      { timeoutMs: 60_000 },
    );
    expect(sent!.passport).toBe(passport);
    const mails = await eventually(
      () => ticketEmails(email),
      (m) => m.length > 0,
      { timeoutMs: 30_000 },
    );
    await new Promise((r) => setTimeout(r, 3000));
    expect(await ticketEmails(email)).toHaveLength(1);
    expect(await t.tickets.countDocuments({ email })).toBe(1);
    expect(mails[0]!.HTML).toContain(passport);
    expect(await qrTextOf(mails[0]!)).toBe(passport);
    expect((await t.call('GET', '/health')).status).toBe(200);
  }, 180_000);
});
