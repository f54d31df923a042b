/** MongoDB's duplicate key error (E11000): a unique index refused the document. */
export const DUPLICATE_KEY = 11000;

/** A unique index refused the write: the document (or the effect it records) already exists. */
export const isDuplicateKey = (error: unknown): boolean =>
  (error as { code?: unknown } | undefined)?.code === DUPLICATE_KEY;
