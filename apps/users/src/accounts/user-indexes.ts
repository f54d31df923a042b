import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { backfillDocuments } from '@event-tickets/service-kit';
import { emailKey, User } from './user.schema';

/**
 * Before the app serves anything (and before the first admin is bootstrapped): the original's
 * accounts (no `emailKey`) get theirs, then the indexes are created. The original's own unique
 * `email` index is left as it is. Its accounts keep their bcrypt hashes and roles untouched: they log
 * in with their passwords as before.
 *
 * The original told `Ana@x.com` and `ana@x.com` apart; here they would be one account. If its data
 * holds such a pair, start-up stops and names the accounts, for an operator to merge or rename them:
 * guessing which one keeps the email would lock the other out.
 */
@Injectable()
export class UserIndexes implements OnModuleInit {
  private readonly logger = new Logger(UserIndexes.name);

  constructor(@InjectModel(User.name) private readonly users: Model<User>) {}

  async onModuleInit() {
    const backfilled = await backfillDocuments(this.users, { emailKey: { $exists: false } }, (doc) =>
      typeof doc.email === 'string' ? { emailKey: emailKey(doc.email) } : undefined,
    );
    if (backfilled) this.logger.log({ backfilled }, 'emailKey added to legacy accounts');
    try {
      await this.users.createIndexes();
    } catch (error) {
      await this.refuseCaseDuplicates();
      throw error;
    }
  }

  /** Only looked for when the unique index could not be built: a normal start does not scan them. */
  private async refuseCaseDuplicates() {
    // Grouped here, not by an aggregation: the Mongo-wire server of the local stack lacks `$push`.
    const byKey = new Map<string, string[]>();
    for await (const doc of this.users.find({}, { emailKey: 1 }).lean().cursor()) {
      byKey.set(doc.emailKey, [...(byKey.get(doc.emailKey) ?? []), String(doc._id)]);
    }
    const clashes = [...byKey.values()].filter((ids) => ids.length > 1);
    if (!clashes.length) return;
    throw new Error(
      `users: accounts whose emails differ only by letter case cannot be told apart (ids ${clashes
        .map((ids) => ids.join(' = '))
        .join('; ')}): merge or rename them, then start again`,
    );
  }
}
