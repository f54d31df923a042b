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
