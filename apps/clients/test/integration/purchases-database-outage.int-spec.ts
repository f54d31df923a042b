import { eventually, readTopic, type Received, tcpProxy, type TcpProxy } from '@event-tickets/testing';
import {
  clientRows,
  type ClientsTestApp,
  ourPayment,
  producePayments,
  startClientsApp,
  unique,
} from '../support/clients-app';

const about = (email: string) => (m: Received) => String(m.json().email).toLowerCase() === email;

describe('PAYMENT_SUCCEEDED while the database is unreachable', () => {
  let proxy: TcpProxy;
  let t: ClientsTestApp;

  /** How often the consumer failed on our topic and held the message for another attempt. */
  const retries = async () => {
    const metrics = (await t.call('GET', '/metrics')).text;
    const line = metrics
      .split('\n')
      .find(
        (l) => l.startsWith('messages_retried_total{') && l.includes(`topic="${t.topics.paymentSucceeded}"`),
      );
    return line ? Number(line.split(' ').pop()) : 0;
  };

  beforeAll(async () => {
    proxy = await tcpProxy(Number(process.env.DB_PORT));
    // Readiness reuses a check for 5 s by default; this test reads it right after the outage.
    t = await startClientsApp({ DB_PORT: String(proxy.port), HEALTH_CACHE_MS: '500' });
  });

  afterAll(async () => {
    proxy?.up();
    await t?.close();
    await proxy?.close();
  });

  it('retries the message (never "client not found", never dropped), then processes it once', async () => {
    const email = unique('db-outage');
    const message = ourPayment(email);
    proxy.down();
    try {
      await producePayments(t, [message]);
      expect(await eventually(retries, (n) => n >= 2, { timeoutMs: 60_000 })).toBeGreaterThanOrEqual(2);

      const [health, ready, live, kitLive] = await Promise.all([
        t.call('GET', '/health'),
        t.call('GET', '/healthcheck/ready'),
        t.call('GET', '/healthcheck/live'),
        t.call('GET', '/health/live'),
      ]);
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
      expect(ready.status).toBe(503);
      expect(live.status).toBe(200);
      expect(kitLive.status).toBe(200);
      expect(JSON.stringify(health.body)).not.toContain(String(proxy.port));
    } finally {
      proxy.up();
    }

    const tickets = (await readTopic(t.topics.sendTicket, (ms) => ms.some(about(email)), 90_000)).filter(
      about(email),
    );
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.json().paymentId).toBe(message.paymentId);
    const created = (await readTopic(t.topics.clientCreated, (ms) => ms.some(about(email)))).filter(
      about(email),
    );
    expect(created).toHaveLength(1);
    expect(await clientRows(t.db, email)).toHaveLength(1);
    expect((await t.call('GET', '/healthcheck/ready')).status).toBe(200);
  }, 180_000);
});
