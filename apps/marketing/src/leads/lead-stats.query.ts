import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { FilterQuery, Model } from 'mongoose';
import { breakdown, rated, type Rated, type RatedBucket, STATS_MAX_BUCKETS, type Tally } from './lead-stats';
import { Lead } from './lead.schema';
import { createdAtRange } from './stats-range';

export const DIMENSIONS = ['origin', 'language', 'source', 'campaign', 'medium'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

type Entry<D extends Dimension> = { [K in D]: string | null } & Omit<RatedBucket, 'key'>;

export type LeadStatsView = Rated & {
  from: string | null;
  to: string | null;
  byOrigin: Entry<'origin'>[];
  byLanguage: Entry<'language'>[];
  bySource: Entry<'source'>[];
  byCampaign: Entry<'campaign'>[];
  byMedium: Entry<'medium'>[];
};

const named = <D extends Dimension>(dimension: D, rows: RatedBucket[]): Entry<D>[] =>
  rows.map(({ key, ...rest }) => ({ [dimension]: key, ...rest }) as Entry<D>);

interface Group {
  _id: string | null;
  n: number;
}

/**
 * Query: totals, conversions and conversion rates, overall and per origin, language, source, campaign
 * and medium, for leads created in an optional period. Counted by the database ($match/$group/$sort/
 * $limit, which the Mongo-wire server supports; it has no $cond, so converted leads are counted by a
 * second $group over the same values).
 */
@Injectable()
export class LeadStatsQuery {
  constructor(@InjectModel(Lead.name) private readonly leads: Model<Lead>) {}

  async execute(query: { from?: string; to?: string }): Promise<LeadStatsView> {
    const range = createdAtRange(query.from, query.to);
    const match: FilterQuery<Lead> = {};
    if (range.from || range.before) {
      match.createdAt = {
        ...(range.from ? { $gte: range.from } : {}),
        ...(range.before ? { $lt: range.before } : {}),
      };
    }
    const [total, converted] = await Promise.all([
      this.leads.countDocuments(match).exec(),
      this.leads.countDocuments({ ...match, converted: true }).exec(),
    ]);
    const overall = { total, converted };
    const [origin, language, source, campaign, medium] = await Promise.all(
      DIMENSIONS.map((d) => this.breakdown(d, match, overall)),
    );
    return {
      from: query.from ?? null,
      to: query.to ?? null,
      ...rated(overall),
      byOrigin: named('origin', origin!),
      byLanguage: named('language', language!),
      bySource: named('source', source!),
      byCampaign: named('campaign', campaign!),
      byMedium: named('medium', medium!),
    };
  }

  private async breakdown(
    field: Dimension,
    match: FilterQuery<Lead>,
    overall: Tally,
  ): Promise<RatedBucket[]> {
    const group = { $group: { _id: `$${field}`, n: { $sum: 1 } } };
    const totals = await this.leads
      .aggregate<Group>([
        { $match: match },
        group,
        { $sort: { n: -1, _id: 1 } },
        { $limit: STATS_MAX_BUCKETS + 1 },
      ])
      .exec();
    const top = totals.slice(0, STATS_MAX_BUCKETS).map((g) => ({ key: g._id ?? null, total: g.n }));
    const convertedGroups = top.length
      ? await this.leads
          .aggregate<Group>([
            { $match: { ...match, converted: true, [field]: { $in: top.map((t) => t.key) } } },
            group,
          ])
          .exec()
      : [];
    const converted = new Map(convertedGroups.map((g) => [g._id ?? null, g.n]));
    const buckets = top.map((t) => ({ ...t, converted: converted.get(t.key) ?? 0 }));
    return breakdown(buckets, overall, totals.length > STATS_MAX_BUCKETS);
  }
}
