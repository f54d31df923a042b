import { createConnection, type Connection } from 'mongoose';
import type { QueryRunner } from 'typeorm';
import {
  CreateRateLimitHits1732400000010,
  FailureDelay,
  MongoRateLimitStore,
  PostgresRateLimitStore,
  RateLimiter,
  type RateLimitStore,
} from '@event-tickets/service-kit';
import { createTestDatabasePort, uniqueName } from '@event-tickets/testing';

/** The same contract on both real stores: two replicas (two limiter instances) share every key. */
function storeContract(name: string, open: () => Promise<{ store: RateLimitStore; close(): Promise<void> }>) {
  describe(`rate limits on ${name}`, () => {
    let store: RateLimitStore;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ store, close } = await open());
    });

    afterAll(() => close?.());

    it('two replicas racing on one key never pass the limit; check does not count', async () => {
      const options = { name: uniqueName('race'), limit: 7, windowSeconds: 60 };
      const [a, b] = [new RateLimiter(store, options), new RateLimiter(store, options)];
      expect((await a.check('proxy')).allowed).toBe(true);
      const decisions = await Promise.all(
        Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).consume('proxy')),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(7);
      expect(await b.check('proxy')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    });

    it('a failure delay shared by two replicas: failures add up, a success forgets them', async () => {
      const options = {
        name: uniqueName('delay'),
        freeFailures: 2,
        firstDelaySeconds: 30,
        maxDelaySeconds: 60,
        forgetAfterSeconds: 900,
      };
      const [a, b] = [new FailureDelay(store, options), new FailureDelay(store, options)];
      const wrong = async () => ({ succeeded: false, value: undefined });
      await Promise.all([a.attempt('ana', wrong), b.attempt('ana', wrong)]);
      const refused = await a.attempt('ana', wrong);
      expect(refused).toEqual({ allowed: false, retryAfterSeconds: 30 });
      expect(await b.remainingMs('ana')).toBeGreaterThan(29_000);

      const later = new FailureDelay(store, { ...options, now: () => Date.now() + 31_000 });
      expect(await later.attempt('ana', async () => ({ succeeded: true, value: 'token' }))).toEqual({
        allowed: true,
        value: 'token',
      });
      expect(await a.remainingMs('ana')).toBe(0);
      expect((await a.attempt('ana', wrong)).allowed).toBe(true);
    });
  });
}

storeContract('PostgreSQL', async () => {
  const db = await createTestDatabasePort('rate_limits');
  // The migration an app lists, run on the port.
  await new CreateRateLimitHits1732400000010().up({
    query: (sql: string) => db.database.execute(sql),
  } as unknown as QueryRunner);
  return { store: new PostgresRateLimitStore(db.database), close: () => db.close() };
});

storeContract('the Mongo-wire server', async () => {
  const connection: Connection = await createConnection(process.env.MONGODB_URL!, {
    dbName: uniqueName('rate_limits'),
  }).asPromise();
  const store = new MongoRateLimitStore(connection);
  await store.onModuleInit();
  return {
    store,
    close: async () => {
      await connection.dropDatabase();
      await connection.close();
    },
  };
});
