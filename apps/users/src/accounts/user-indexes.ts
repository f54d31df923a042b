import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { backfillDocuments, createIndexesNamingClashes } from '@event-tickets/service-kit';
import { emailKey, User } from './user.schema';

/**
 * Before the app serves anything (and before the first admin is bootstrapped): the original's
 * accounts (no `emailKey`) get theirs, then the indexes are created. The original's own unique
 * `email` index is left as it is. Its accounts keep their bcrypt hashes and roles untouched: they log
 * in with their passwords as before. Accounts that differ only by their email's letter case stop the
 * start, named (see createIndexesNamingClashes).
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
    await createIndexesNamingClashes(this.users, 'emailKey', 'users: accounts');
  }
}
