import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection, Connection } from 'mongoose';
import {
  isDuplicateKey,
  MAX_TOKEN_LIFETIME_SECONDS,
  type Revocation,
  RevocationSource,
} from '@event-tickets/service-kit';

interface RevocationDocument {
  /** The account id: one revocation per account, the latest. */
  _id: string;
  notBefore: number;
  /** After this every token the revocation refused has expired; the entry is deleted. */
  expiresAt: Date;
}

/** Kept an hour beyond the longest token lifetime, whatever the clocks of the verifiers say. */
const KEEP_SECONDS = MAX_TOKEN_LIFETIME_SECONDS + 3600;

/**
 * Collection `token_revocations`: per account, the instant before which its tokens are refused.
 * Read whole by every verifier (users' own directly, the other apps through
 * `GET /internal/revocations`); expired entries are deleted on each write (FerretDB has no TTL index).
 */
@Injectable()
export class RevocationStore extends RevocationSource implements OnModuleInit {
  private readonly revocations: Collection<RevocationDocument>;

  constructor(@InjectConnection() connection: Connection) {
    super();
    this.revocations = connection.collection<RevocationDocument>('token_revocations');
  }

  async onModuleInit() {
    await this.revocations.createIndex({ expiresAt: 1 });
  }

  /**
   * Revokes every token of the account issued until now: `notBefore` is the next whole second, so a
   * token of this very second (its `iat` rounded down) is revoked too.
   */
  async revoke(userId: string, now = Date.now()): Promise<Revocation> {
    const notBefore = Math.floor(now / 1000) + 1;
    const expiresAt = new Date((notBefore + KEEP_SECONDS) * 1000);
    const write = () =>
      this.revocations.updateOne(
        { _id: userId },
        { $max: { notBefore }, $set: { expiresAt } },
        { upsert: true },
      );
    try {
      await write();
    } catch (error) {
      // Two upserts of one account at once: the loser's update now finds the document.
      if (!isDuplicateKey(error)) throw error;
      await write();
    }
    await this.revocations.deleteMany({ expiresAt: { $lte: new Date(now) } });
    return { userId, notBefore };
  }

  /** The account's not-before (seconds), if its tokens were revoked. */
  async notBefore(userId: string): Promise<number | undefined> {
    const doc = await this.revocations.findOne({ _id: userId, expiresAt: { $gt: new Date() } });
    return doc?.notBefore;
  }

  async list(): Promise<Revocation[]> {
    const docs = await this.revocations.find({ expiresAt: { $gt: new Date() } }).toArray();
    return docs.map((d) => ({ userId: d._id, notBefore: d.notBefore }));
  }
}
