import { eventually, mailTo, type SmtpProxy, smtpProxy, uniqueName } from '@event-tickets/testing';
import { AppConfig, mailEnv, MailTransport, smtpRejected } from '@event-tickets/service-kit';

const message = (to: string) => ({ to, subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' });
const address = (name: string) => `${uniqueName(name)}@example.com`;
const delivered = (to: string) =>
  eventually(
    () => mailTo(to),
    (m) => m.length > 0,
  );

function transportTo(smtp: SmtpProxy, env: Record<string, string> = {}): MailTransport {
  const parsed = mailEnv.parse({ MAIL_HOST: '127.0.0.1', MAIL_PORT: String(smtp.port), ...env });
  return new MailTransport(new AppConfig('mail-test', parsed) as never);
}

/**
 * The transport against the SMTP catcher behind a proxy that counts sessions and can take its time
 * per message (it holds each message's end of data) or drop every session.
 */
describe('MailTransport: pooled sessions; a send the worker gave up on never reaches the server', () => {
  let smtp: SmtpProxy;
  let transport: MailTransport;

  beforeAll(async () => {
    smtp = await smtpProxy();
    transport = transportTo(smtp, { MAIL_POOL_SIZE: '3' });
  });
  afterEach(() => {
    smtp.delayMs = 0;
  });
  afterAll(async () => {
    await transport?.close();
    await smtp?.close();
  });

  it('12 emails at once go over at most MAIL_POOL_SIZE (3) sessions, each accepted once', async () => {
    const to = Array.from({ length: 12 }, () => address('pooled'));
    const [sessions, transactions] = [smtp.sessions, smtp.transactions];
    await Promise.all(to.map((t) => transport.send(message(t))));
    expect(smtp.sessions - sessions).toBeLessThanOrEqual(3);
    expect(smtp.transactions - transactions).toBe(12);
    const inboxes = await Promise.all(to.map(delivered));
    expect(inboxes.map((m) => m.length)).toEqual(to.map(() => 1));

    // And the next emails reuse those sessions.
    const again = smtp.sessions;
    for (const t of [address('reused'), address('reused')]) await transport.send(message(t));
    expect(smtp.sessions).toBe(again);
  });

  it('an aborted send rejects at once and the server never gets the end of its data; the send beside it and the next one go out', async () => {
    smtp.delayMs = 2000;
    const [aborted, beside, next] = [address('aborted'), address('beside'), address('next')];
    const deliveredBefore = smtp.delivered;
    const controller = new AbortController();
    const sending = transport.send(message(aborted), controller.signal);
    const besideSending = transport.send(message(beside));
    await eventually(
      async () => smtp.holding,
      (n) => n === 2,
      { timeoutMs: 5000, intervalMs: 20 },
    );
    const started = performance.now();
    controller.abort(new Error('send timed out'));
    await expect(sending).rejects.toThrow('send timed out');
    expect(performance.now() - started).toBeLessThan(1500);
    await expect(besideSending).resolves.toBeUndefined(); // its session was not the one cut
    await new Promise((r) => setTimeout(r, 500)); // the aborted end of data was due with the other one
    expect(smtp.holding).toBe(0);
    expect(smtp.delivered - deliveredBefore).toBe(1);
    expect(await mailTo(aborted)).toHaveLength(0);
    expect(await delivered(beside)).toHaveLength(1);

    smtp.delayMs = 0;
    await transport.send(message(next));
    expect(await delivered(next)).toHaveLength(1);
    expect(await mailTo(aborted)).toHaveLength(0);
  });

  it('a server that drops the session mid-send fails that send (retryable), and the next send opens a fresh session', async () => {
    smtp.delayMs = 2000;
    const [dropped, next] = [address('dropped'), address('after-drop')];
    const sending = transport.send(message(dropped));
    const failed = sending.catch((error: unknown) => error);
    await eventually(
      async () => smtp.holding,
      (n) => n === 1,
      { timeoutMs: 5000, intervalMs: 20 },
    );
    smtp.dropSessions();
    const error = await failed;
    expect(error).toBeInstanceOf(Error);
    expect(smtpRejected(error)).toBe(false);

    smtp.delayMs = 0;
    const sessions = smtp.sessions;
    await transport.send(message(next));
    expect(smtp.sessions - sessions).toBe(1); // every session was dropped: none is reused
    expect(await delivered(next)).toHaveLength(1);
    expect(await mailTo(dropped)).toHaveLength(0);
  });

  it('a session the server closed while idle is never used: the next send opens a fresh one', async () => {
    await transport.send(message(address('before-idle-drop')));
    smtp.dropSessions();
    await new Promise((r) => setTimeout(r, 200));
    const sessions = smtp.sessions;
    const to = address('after-idle-drop');
    await transport.send(message(to));
    expect(smtp.sessions - sessions).toBe(1);
    expect(await delivered(to)).toHaveLength(1);
  });

  it('a session is renewed after MAIL_POOL_MAX_MESSAGES emails', async () => {
    const renewing = transportTo(smtp, { MAIL_POOL_SIZE: '1', MAIL_POOL_MAX_MESSAGES: '2' });
    try {
      const [sessions, transactions] = [smtp.sessions, smtp.transactions];
      for (let i = 0; i < 5; i++) await renewing.send(message(address('renewed')));
      expect([smtp.sessions - sessions, smtp.transactions - transactions]).toEqual([3, 5]);
    } finally {
      await renewing.close();
    }
  });

  it('verify opens a session of its own and resolves when the server answers', async () => {
    const sessions = smtp.sessions;
    await expect(transport.verify()).resolves.toBe(true);
    expect(smtp.sessions - sessions).toBe(1);
  });
});
