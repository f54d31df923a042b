import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection, Connection } from 'mongoose';
import { isDuplicateKey } from '../database/mongo-errors';
import { type RateLimitHit, RateLimitStore } from './rate-limiter';

interface HitDocument extends RateLimitHit {
  /** `<key>:<seq>`: the unique `_id` decides who takes hit `seq` (an insert is atomic on FerretDB). */
  _id: string;
  key: string;
}

/** The hits in the app's MongoDB, collection `rate_limit_hits` (no TTL index there: the sweeper deletes). */
@Injectable()
export class MongoRateLimitStore extends RateLimitStore implements OnModuleInit {
  private readonly hits: Collection<HitDocument>;

  constructor(@InjectConnection() connection: Connection) {
    super();
    this.hits = connection.collection<HitDocument>('rate_limit_hits');
  }

  async onModuleInit() {
    await this.hits.createIndex({ key: 1, seq: -1 });
    await this.hits.createIndex({ expiresAt: 1 });
  }

  async lastSeq(key: string): Promise<number> {
    const last = await this.hits
      .find({ key }, { projection: { seq: 1 } })
      .sort({ seq: -1 })
      .limit(1)
      .next();
    return last?.seq ?? -1;
  }

  async takenAt(key: string, seq: number): Promise<Date | undefined> {
    return (await this.hits.findOne({ _id: `${key}:${seq}` }, { projection: { at: 1 } }))?.at;
  }

  async take(key: string, hit: RateLimitHit): Promise<boolean> {
    try {
      await this.hits.insertOne({ _id: `${key}:${hit.seq}`, key, ...hit });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async reset(key: string): Promise<void> {
    await this.hits.deleteMany({ key });
  }

  async sweep(now: Date): Promise<number> {
    return (await this.hits.deleteMany({ expiresAt: { $lt: now } })).deletedCount;
  }
}
