import type { FilterQuery, Model } from 'mongoose';

/**
 * Gives the documents an older writer left behind (the original services' ones, say) the fields a
 * newer schema requires, before the app serves anything. One document at a time, each update guarded
 * by `missing` again (the Mongo-wire server has no multi-document transactions, and two replicas may
 * start together): a document is written once, and a second start, finding none, writes nothing.
 * Timestamps are left alone, as the document's content did not change. `fill` returns the fields to
 * set, or undefined to leave a document as it is. Returns how many documents were written.
 */
export async function backfillDocuments<T>(
  model: Model<T>,
  missing: FilterQuery<T>,
  fill: (doc: Record<string, unknown> & { _id: unknown }) => Record<string, unknown> | undefined,
): Promise<number> {
  let written = 0;
  const legacy = model.find(missing).lean().cursor();
  for await (const doc of legacy) {
    const fields = fill(doc as Record<string, unknown> & { _id: unknown });
    if (!fields) continue;
    const result = await model
      .updateOne({ ...missing, _id: doc._id } as FilterQuery<T>, { $set: fields }, { timestamps: false })
      .exec();
    written += result.modifiedCount;
  }
  return written;
}

/**
 * Creates the model's indexes. When a unique one cannot be built because older documents share its
 * `field` (the original told `Ana@x.com` and `ana@x.com` apart, a lower-cased key does not), start-up
 * stops with an error naming those documents' ids, for an operator to merge or rename them: guessing
 * which one keeps the key would lock the other out. The documents are only scanned on that failure.
 */
export async function createIndexesNamingClashes<T>(model: Model<T>, field: string, what: string) {
  try {
    await model.createIndexes();
  } catch (error) {
    // Grouped here, not by an aggregation: the Mongo-wire server of the local stack lacks `$push`.
    const byKey = new Map<unknown, string[]>();
    for await (const doc of model
      .find({}, { [field]: 1 })
      .lean()
      .cursor()) {
      const key = (doc as Record<string, unknown>)[field];
      byKey.set(key, [...(byKey.get(key) ?? []), String((doc as { _id: unknown })._id)]);
    }
    const clashes = [...byKey.values()].filter((ids) => ids.length > 1);
    if (!clashes.length) throw error;
    throw new Error(
      `${what} whose emails differ only by letter case cannot be told apart (ids ${clashes
        .map((ids) => ids.join(' = '))
        .join('; ')}): merge or rename them, then start again`,
    );
  }
}
