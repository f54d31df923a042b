import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Collection, FilterQuery, Model } from 'mongoose';
import { isDuplicateKey } from '@event-tickets/service-kit';
import { emailKey, Lead, type LeadOrigin } from './lead.schema';

export type LeadRecord = Lead & { id: string };

export interface NewLead {
  email: string;
  language: string;
  converted: boolean;
  origin: LeadOrigin;
  source?: string;
  campaign?: string;
  medium?: string;
  conversionMessageId?: string;
}

export interface LeadFilter {
  converted?: boolean;
  source?: string;
  campaign?: string;
}

const toRecord = (doc: Lead & { _id: unknown }): LeadRecord => ({ ...doc, id: String(doc._id) });

/** Which message converts a buyer: one document per email key, decided by the unique `_id`. */
interface ConversionClaim {
  _id: string;
  messageId: string;
  at: Date;
}

@Injectable()
export class LeadsRepository {
  private readonly conversions: Collection<ConversionClaim>;

  constructor(@InjectModel(Lead.name) private readonly leads: Model<Lead>) {
    this.conversions = leads.db.collection<ConversionClaim>('lead_conversions');
  }

  /** Inserts; undefined when the email is taken (the unique `emailKey` decides, races included). */
  async create(lead: NewLead, now = new Date()): Promise<LeadRecord | undefined> {
    try {
      const doc = await this.leads.create(this.document(lead, now));
      return toRecord(doc.toObject());
    } catch (error) {
      if (isDuplicateKey(error)) return undefined;
      throw error;
    }
  }

  async findByEmail(email: string): Promise<LeadRecord | undefined> {
    const doc = await this.leads
      .findOne({ emailKey: emailKey(email) })
      .lean()
      .exec();
    return doc ? toRecord(doc) : undefined;
  }

  /** Newest first; `_id` breaks ties so pages never overlap. Past the end: no query for rows. */
  async page(
    filter: LeadFilter,
    offset: number,
    limit: number,
  ): Promise<{ rows: LeadRecord[]; total: number }> {
    const query: FilterQuery<Lead> = {};
    if (filter.converted !== undefined) query.converted = filter.converted;
    if (filter.source !== undefined) query.source = filter.source;
    if (filter.campaign !== undefined) query.campaign = filter.campaign;
    const total = await this.leads.countDocuments(query).exec();
    if (offset >= total) return { rows: [], total };
    const docs = await this.leads
      .find(query)
      .sort({ createdAt: -1, _id: -1 })
      .skip(offset)
      .limit(limit)
      .lean()
      .exec();
    return { rows: docs.map(toRecord), total };
  }

  /** Erases the lead and the record of the message that converted it (that one first: a retry finishes). */
  async erase(email: string): Promise<LeadRecord | undefined> {
    await this.conversions.deleteOne({ _id: emailKey(email) });
    const doc = await this.leads
      .findOneAndDelete({ emailKey: emailKey(email) })
      .lean()
      .exec();
    return doc ? toRecord(doc) : undefined;
  }

  /**
   * The conversion of this buyer belongs to the first message that claims it: the Mongo-wire server
   * decides concurrent claims only through a unique insert (its conditional updates are not atomic).
   * Returns the claim's time for the owning message (also when it is redelivered, e.g. after a crash
   * half-way), undefined for any other message.
   */
  async claimConversion(email: string, messageId: string, now = new Date()): Promise<Date | undefined> {
    const key = emailKey(email);
    try {
      await this.conversions.insertOne({ _id: key, messageId, at: now });
      return now;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const claim = await this.conversions.findOne({ _id: key });
      return claim?.messageId === messageId ? claim.at : undefined;
    }
  }

  /**
   * Converts the lead when it exists and is not converted yet; a lead already converted is left
   * alone. Only the message owning the claim calls this, so no two conversions of one lead race.
   */
  async convert(email: string, messageId: string, now = new Date()): Promise<boolean> {
    const result = await this.leads
      .updateOne(
        { emailKey: emailKey(email), converted: { $ne: true } },
        { $set: { converted: true, convertedAt: now, updatedAt: now, conversionMessageId: messageId } },
        { timestamps: false },
      )
      .exec();
    return result.modifiedCount > 0;
  }

  /**
   * The common cases in one write: converts the lead when it exists and is not converted yet, or
   * creates it converted when there is none. Undefined when neither happened: a lead converted
   * already (the insert is refused by the unique `emailKey`), or a lead inserted concurrently (the
   * caller settles those with `convert` and `createConverted`). Like `convert`, only the message
   * owning the claim calls it.
   */
  async convertOrCreate(
    lead: NewLead,
    messageId: string,
    now = new Date(),
  ): Promise<'converted' | 'created' | undefined> {
    const {
      emailKey: key,
      converted,
      convertedAt,
      updatedAt,
      conversionMessageId,
      ...onInsert
    } = this.document({ ...lead, converted: true, conversionMessageId: messageId }, now);
    try {
      const result = await this.leads
        .updateOne(
          { emailKey: key, converted: { $ne: true } },
          { $set: { converted, convertedAt, updatedAt, conversionMessageId }, $setOnInsert: onInsert },
          { upsert: true, timestamps: false, setDefaultsOnInsert: false },
        )
        .exec();
      if (result.upsertedCount > 0) return 'created';
      return result.modifiedCount > 0 ? 'converted' : undefined;
    } catch (error) {
      if (isDuplicateKey(error)) return undefined;
      throw error;
    }
  }

  /**
   * Creates the lead, converted, unless one exists: `created`, or the existing lead's state. Throws
   * the duplicate-key error when a concurrent insert won the race (the caller retries).
   */
  async createConverted(
    lead: NewLead,
    now = new Date(),
  ): Promise<'created' | 'exists-converted' | 'exists-unconverted'> {
    const result = await this.leads
      .findOneAndUpdate(
        { emailKey: emailKey(lead.email) },
        { $setOnInsert: this.document({ ...lead, converted: true }, now) },
        {
          upsert: true,
          returnDocument: 'before',
          includeResultMetadata: true,
          timestamps: false,
          setDefaultsOnInsert: false,
        },
      )
      .exec();
    if (!result.value) return 'created';
    return result.value.converted ? 'exists-converted' : 'exists-unconverted';
  }

  private document(lead: NewLead, now: Date): Lead {
    const doc: Lead = {
      email: lead.email.trim(),
      emailKey: emailKey(lead.email),
      converted: lead.converted,
      language: lead.language,
      origin: lead.origin,
      createdAt: now,
      updatedAt: now,
    };
    for (const field of ['source', 'campaign', 'medium', 'conversionMessageId'] as const) {
      if (lead[field] !== undefined) doc[field] = lead[field];
    }
    if (lead.converted) doc.convertedAt = now;
    return doc;
  }
}
