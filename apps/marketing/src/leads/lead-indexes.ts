import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { emailKey, Lead } from './lead.schema';

/**
 * Before the app serves anything: the original's documents (no `emailKey`) get theirs, then the
 * indexes are created (the unique `emailKey` one included). Start-up fails if they cannot be, e.g.
 * when legacy leads differ only by the case of their email.
 */
@Injectable()
export class LeadIndexes implements OnModuleInit {
  private readonly logger = new Logger(LeadIndexes.name);

  constructor(@InjectModel(Lead.name) private readonly leads: Model<Lead>) {}

  async onModuleInit() {
    let backfilled = 0;
    const legacy = this.leads
      .find({ emailKey: { $exists: false } }, { email: 1 })
      .lean()
      .cursor();
    for await (const doc of legacy) {
      if (typeof doc.email !== 'string') continue;
      await this.leads.updateOne(
        { _id: doc._id },
        { $set: { emailKey: emailKey(doc.email) } },
        { timestamps: false },
      );
      backfilled += 1;
    }
    if (backfilled) this.logger.log({ backfilled }, 'emailKey added to legacy leads');
    await this.leads.createIndexes();
  }
}
