import type { Connection } from 'mongoose';

/** One collection as stored: its indexes (by name) and every document (by `_id`). */
export interface MongoCollectionSnapshot {
  indexes: Record<string, unknown>[];
  documents: Record<string, unknown>[];
}

/** Every collection of a database, by name. */
export type MongoSnapshot = Record<string, MongoCollectionSnapshot>;

/**
 * Everything a database holds, to compare two moments of it (e.g. after an app's first and second
 * start on the same data: a start that migrates nothing changes nothing). `except` names volatile
 * collections left out (rate-limit hits, say). Documents are compared with their `_id`s, dates and
 * every field, `__v` included; indexes with their keys and options (not the server's `v`, `ns`).
 */
export async function mongoSnapshot(
  connection: Connection,
  options: { except?: string[] } = {},
): Promise<MongoSnapshot> {
  const db = connection.db;
  if (!db) throw new Error('mongoSnapshot: the connection is not open');
  const names = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((name) => !name.startsWith('system.') && !options.except?.includes(name))
    .sort();
  const snapshot: MongoSnapshot = {};
  for (const name of names) {
    const collection = db.collection(name);
    const indexes = (await collection.indexes())
      .map(({ v: _v, ns: _ns, ...index }) => index as Record<string, unknown>)
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    const documents = await collection.find({}).sort({ _id: 1 }).toArray();
    snapshot[name] = { indexes, documents };
  }
  return snapshot;
}
