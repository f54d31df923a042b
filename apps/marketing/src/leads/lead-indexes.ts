import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { backfillDocuments, createIndexesNamingClashes } from '@event-tickets/service-kit';
import { emailKey, Lead } from './lead.schema';

/**
 * Before the app serves anything: the original's documents (no `emailKey`) get theirs, then the
 * indexes are created (the unique `emailKey` one included). Start-up fails if they cannot be: legacy
 * leads that differ only by the case of their email are named in the error.
 */
@Injectable()
export class LeadIndexes implements OnModuleInit {
  private readonly logger = new Logger(LeadIndexes.name);

  constructor(@InjectModel(Lead.name) private readonly leads: Model<Lead>) {}

  async onModuleInit() {
    const backfilled = await backfillDocuments(this.leads, { emailKey: { $exists: false } }, (doc) =>
      typeof doc.email === 'string' ? { emailKey: emailKey(doc.email) } : undefined,
    );
    if (backfilled) this.logger.log({ backfilled }, 'emailKey added to legacy leads');
    await createIndexesNamingClashes(this.leads, 'emailKey', 'marketing: leads');
  }
}
