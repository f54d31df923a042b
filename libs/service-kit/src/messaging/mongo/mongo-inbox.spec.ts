import type { MessageContext, MongoMessageContext } from '../consumes.decorator';
import { MongoInbox } from './mongo-inbox';

const context = (group: string, messageId: string): MessageContext => ({
  messageId,
  metadata: { messageId } as MessageContext['metadata'],
  topic: 'CLIENT_CREATED',
  partition: 0,
  offset: '0',
  key: null,
  group,
});

describe(MongoInbox.name, () => {
  it('hands every delivery to the handler with a key unique per consumer group and message', async () => {
    const seen: MongoMessageContext[] = [];
    const inbox = new MongoInbox();
    const handle = async (ctx: MongoMessageContext) => void seen.push(ctx);

    expect(await inbox.deliver(context('marketing', 'm-1'), handle)).toBe('processed');
    expect(await inbox.deliver(context('marketing', 'm-1'), handle)).toBe('processed');
    await inbox.deliver(context('audit', 'm-1'), handle);

    expect(seen.map((c) => c.idempotencyKey)).toEqual(['marketing:m-1', 'marketing:m-1', 'audit:m-1']);
    expect(seen[0]).toMatchObject({ messageId: 'm-1', group: 'marketing', topic: 'CLIENT_CREATED' });
  });
});
