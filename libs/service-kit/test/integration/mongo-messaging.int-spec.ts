import { randomUUID } from 'node:crypto';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { eventually, produce, type RunningApp, startApp, uniqueName } from '@event-tickets/testing';
import { Stamp, stampsService } from '../fixtures/stamps.app';

describe('MongoDB messaging: handlers idempotent by a unique key (Mongo-wire server, Kafka)', () => {
  let app: RunningApp;
  let stamps: Model<Stamp>;
  const inTopic = uniqueName('CLIENT_CREATED_TOPIC');
  const group = uniqueName('stamps');

  beforeAll(async () => {
    app = await startApp(stampsService, {
      MONGODB_DB: uniqueName('stamps'),
      CLIENT_CREATED_TOPIC: inTopic,
      KAFKA_GROUP_ID: group,
    });
    stamps = app.app.get(getModelToken(Stamp.name));
  });

  afterAll(async () => {
    await stamps?.db.dropDatabase();
    await app?.close();
  });

  it('turns a message delivered twice into one document, keyed by consumer group and message id', async () => {
    const email = `${uniqueName('stamp')}@example.com`;
    const messageId = randomUUID();
    const message = { key: email, value: JSON.stringify({ email }), headers: { 'message-id': messageId } };
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
    const stored = await stamps.find({ email }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ messageId, idempotencyKey: `${group}:${messageId}` });
  });
});
