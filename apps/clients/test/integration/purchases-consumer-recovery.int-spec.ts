import {
  createTestDatabase,
  eventually,
  type RogueMember,
  http,
  rogueMember,
  produce,
  readTopic,
  type Received,
  type RunningApp,
  startApp,
  uniqueName,
} from '@event-tickets/testing';
import { clientsService } from '../../src/clients.service-definition';
import { clientRows, ourPayment, unique } from '../support/clients-app';

const about = (email: string) => (m: Received) => String(m.json().email).toLowerCase() === email;

type Health = { status: string; error?: Record<string, { status: string }> };

describe('clients while a member with other assignment protocols holds its consumer group', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp | undefined;
  let intruder: RogueMember | undefined;

  afterAll(async () => {
    await intruder?.leave();
    await app?.close();
    await db?.drop();
  });

  it('is not ready while its consumer is refused, then issues the ticket of a purchase paid meanwhile', async () => {
    db = await createTestDatabase('clients');
    const topics = {
      PAYMENT_SUCCEEDED_TOPIC: uniqueName('PAYMENT_SUCCEEDED_TOPIC'),
      CLIENT_CREATED_TOPIC: uniqueName('CLIENT_CREATED_TOPIC'),
      SEND_TICKET_TOPIC: uniqueName('SEND_TICKET_TOPIC'),
    };
    const group = uniqueName('clients');
    // clients is away (a deploy, a restart) when the member takes the group.
    intruder = await rogueMember(group, topics.PAYMENT_SUCCEEDED_TOPIC);
    app = await startApp(clientsService, {
      DB_NAME: db.name,
      ...topics,
      KAFKA_GROUP_ID: group,
      KAFKA_CONSUMER_DOWN_READINESS_MS: '2000',
    });
    const email = unique('consumer-recovery');
    const payment = ourPayment(email);
    await produce(topics.PAYMENT_SUCCEEDED_TOPIC, [payment]);

    const ready = () => http<Health>('GET', `${app!.url}/healthcheck/ready`);
    const notReady = await eventually(ready, (r) => r.status === 503, { timeoutMs: 20_000 });
    expect(notReady.body).toMatchObject({
      status: 'error',
      error: { 'kafka-consumers': { status: 'down' } },
    });
    expect((await http<Health>('GET', `${app.url}/health`)).status).toBe(503);
    expect((await http('GET', `${app.url}/healthcheck/live`)).status).toBe(200);
    expect(await clientRows(db.name, email)).toHaveLength(0);

    await intruder.leave();
    intruder = undefined;
    const tickets = (await readTopic(topics.SEND_TICKET_TOPIC, (ms) => ms.some(about(email)), 60_000)).filter(
      about(email),
    );
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.json().paymentId).toBe(payment.paymentId);
    expect(await clientRows(db.name, email)).toHaveLength(1);
    expect((await eventually(ready, (r) => r.status === 200, { timeoutMs: 10_000 })).status).toBe(200);
  }, 120_000);
});
