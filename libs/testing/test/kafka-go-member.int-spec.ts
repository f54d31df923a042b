import {
  createTopics,
  eventually,
  type KafkaGoMember,
  produce,
  readTopic,
  startKafkaGoMember,
  uniqueName,
} from '../src';

describe('startKafkaGoMember (a kafka-go consumer configured as the original Go services)', () => {
  const members: KafkaGoMember[] = [];
  afterAll(() => Promise.all(members.map((m) => m.kill())));

  it("forwards PAYMENT_SUCCEEDED as the original's clients do, and commits what it read when stopped", async () => {
    const topic = uniqueName('PAYMENT_SUCCEEDED_TOPIC');
    const sendTicket = uniqueName('SEND_TICKET_TOPIC');
    const group = uniqueName('go_clients');
    await createTopics([topic], 2);
    const first = await startKafkaGoMember({ groupId: group, topic, forwardSendTicketTo: sendTicket });
    members.push(first);
    expect(first.memberId).toContain('kafka-go');

    const payment = {
      user_name: 'Ana',
      user_email: 'ana@example.com',
      event_id: 'ev-1',
      event_name: 'Show',
      event_description: 'A show',
      event_image_url: 'https://example.com/i.png',
      user_language: 'pt',
      // the original's payments also send these; the clients service ignores them
      payment_id: 'p-1',
    };
    await produce(topic, [{ key: 'p-1', value: JSON.stringify(payment) }]);
    const [forwarded] = await readTopic(sendTicket, (m) => m.length >= 1);
    expect(forwarded!.json()).toEqual({
      name: 'Ana',
      email: 'ana@example.com',
      eventId: 'ev-1',
      eventName: 'Show',
      eventDescription: 'A show',
      eventImageUrl: 'https://example.com/i.png',
      language: 'pt',
    });
    expect(forwarded!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.received).toEqual([
      { partition: expect.any(Number), offset: 0, key: 'p-1', value: JSON.stringify(payment) },
    ]);

    // Stopped gracefully, its offsets are committed: the next member of the group starts after them.
    await first.stop();
    const next = await startKafkaGoMember({ groupId: group, topic });
    members.push(next);
    await produce(topic, [{ key: 'p-2', value: JSON.stringify({ ...payment, payment_id: 'p-2' }) }]);
    await eventually(
      async () => next.received.map((m) => m.key),
      (keys) => keys.length >= 1,
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(next.received.map((m) => m.key)).toEqual(['p-2']);
  }, 120_000);
});
