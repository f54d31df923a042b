import { eventually, mailTo, type SmtpProxy, smtpProxy, uniqueName } from '@event-tickets/testing';
import { AppConfig, mailEnv, MailTransport } from '@event-tickets/service-kit';

/** The transport against the SMTP catcher behind a proxy that takes 2 s per message. */
describe('MailTransport: a send the worker gave up on never reaches the server', () => {
  let smtp: SmtpProxy;
  let transport: MailTransport;

  beforeAll(async () => {
    smtp = await smtpProxy({ delayMs: 2000 });
    const env = mailEnv.parse({ MAIL_HOST: '127.0.0.1', MAIL_PORT: String(smtp.port) });
    transport = new MailTransport(new AppConfig('mail-test', env) as never);
  });
  afterAll(() => smtp?.close());

  const message = (to: string) => ({ to, subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' });

  it('an aborted send rejects at once, and the server never gets the end of its data', async () => {
    const to = `${uniqueName('aborted')}@example.com`;
    const controller = new AbortController();
    const sending = transport.send(message(to), controller.signal);
    await eventually(
      async () => smtp.holding,
      (n) => n === 1,
      { timeoutMs: 5000, intervalMs: 20 },
    );
    const started = performance.now();
    controller.abort(new Error('send timed out'));
    await expect(sending).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(1500);
    await new Promise((r) => setTimeout(r, 2500)); // past the server's 2 s
    expect(smtp.delivered).toBe(0);
    expect(await mailTo(to)).toHaveLength(0);
  });

  it('a send left alone is accepted once, one session per send', async () => {
    const to = `${uniqueName('sent')}@example.com`;
    const [sessions, delivered] = [smtp.sessions, smtp.delivered];
    await transport.send(message(to));
    expect([smtp.sessions - sessions, smtp.delivered - delivered]).toEqual([1, 1]);
    expect(
      await eventually(
        () => mailTo(to),
        (m) => m.length > 0,
      ),
    ).toHaveLength(1);
  });

  it('verify opens a session and resolves when the server answers', async () => {
    const sessions = smtp.sessions;
    await expect(transport.verify()).resolves.toBe(true);
    expect(smtp.sessions - sessions).toBe(1);
  });
});
