import type { DataSource } from 'typeorm';

/** Anything that runs SQL: the DataSource (autocommit) or a transaction's EntityManager. */
export interface Sql {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The rows of a statement. TypeORM answers UPDATE and DELETE with `[rows, rowCount]` and everything
 * else with the rows; this hides the difference.
 */
export async function rowsOf<T>(db: Sql, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const result = (await db.query(sql, parameters)) as unknown[];
  const updateShape = result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
  return (updateShape ? result[0] : result) as T[];
}

/** SQLSTATE of a failed query (TypeORM copies the driver's fields onto its error). */
export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.code ?? e?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * A named (server-side prepared) statement on TypeORM's own pg pool: parsed and planned once per
 * connection instead of on every call. For the hot paths (catalogue reads, new holds), where planning
 * cost as much PostgreSQL time as running. Autocommit only.
 */
export async function preparedRowsOf<T>(
  db: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const pool = (db.driver as unknown as { master?: PgPool }).master;
  if (!pool) return rowsOf<T>(db, text, values);
  return (await pool.query({ name, text, values })).rows as T[];
}
