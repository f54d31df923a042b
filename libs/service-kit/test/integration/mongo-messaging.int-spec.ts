import { randomUUID } from 'node:crypto';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import {
  eventually,
  produce,
  readTopic,
  type RunningApp,
  startApp,
  uniqueName,
} from '@event-tickets/testing';
import { Stamp, stampsService } from '../fixtures/stamps.app';

describe('MongoDB messaging: unique-key idempotency and the document outbox (Mongo-wire server, Kafka)', () => {
  let app: RunningApp;
  let stamps: Model<Stamp>;
  const inTopic = uniqueName('CLIENT_CREATED_TOPIC');
  const outTopic = uniqueName('SEND_TICKET_TOPIC');

  beforeAll(async () => {
    app = await startApp(stampsService, {
      MONGODB_DB: uniqueName('stamps'),
      CLIENT_CREATED_TOPIC: inTopic,
      SEND_TICKET_TOPIC: outTopic,
      KAFKA_GROUP_ID: uniqueName('stamps'),
    });
    stamps = app.app.get(getModelToken(Stamp.name));
  });

  afterAll(async () => {
    await stamps?.db.dropDatabase();
    await app?.close();
  });

  it('turns a message delivered twice into one document and one outgoing message', async () => {
    const email = `${uniqueName('stamp')}@example.com`;
    const message = { key: email, value: JSON.stringify({ email }), headers: { 'message-id': randomUUID() } };
    await produce(inTopic, [message]);
    await produce(inTopic, [message]);
    const marker = `${uniqueName('marker')}@example.com`;
    await produce(inTopic, [
      { key: email, value: JSON.stringify({ email: marker }), headers: { 'message-id': randomUUID() } },
    ]);

    await eventually(
      () => stamps.countDocuments({ email: marker }),
      (n) => n === 1,
    );
    expect(await stamps.countDocuments({ email })).toBe(1);

    const sent = await readTopic(outTopic, (ms) => ms.some((m) => m.json().email === marker));
    expect(sent.filter((m) => m.json().email === email)).toHaveLength(1);
    expect(sent.find((m) => m.json().email === email)!.json()).toMatchObject({
      email,
      eventId: '1',
      name: 'Stamp',
    });
    const drained = await eventually(
      () => stamps.findOne({ email }).lean(),
      (d) => d?.outboxPending === false,
    );
    expect(drained?.outbox).toEqual([]);
  });
});
