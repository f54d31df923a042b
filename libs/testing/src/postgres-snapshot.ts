import { queryDatabase } from './postgres';

/** Everything a start of an app could change in a database: its schema and every row. */
export interface PostgresSnapshot {
  columns: string[];
  constraints: string[];
  indexes: string[];
  triggers: string[];
  sequences: string[];
  /** Per table (but the volatile ones), every row as JSON text, sorted. */
  rows: Record<string, string[]>;
}

export interface SnapshotOptions {
  /** Tables whose rows are left out (their schema is kept): rows a running app rewrites by itself. */
  volatileTables?: string[];
}

/**
 * A snapshot of the `public` schema of `database`, to compare the state after one start of an app
 * with the state after the next: equal snapshots mean the second start changed nothing (the
 * migrations table is a table like the others, so a migration that ran again shows too).
 */
export async function postgresSnapshot(
  database: string,
  options: SnapshotOptions = {},
): Promise<PostgresSnapshot> {
  const lines = async (sql: string) =>
    (await queryDatabase<{ line: string }>(database, sql)).map((r) => r.line);
  const columns = await lines(`
    SELECT concat_ws(' ', table_name, column_name, data_type, is_nullable, column_default,
                     character_maximum_length, numeric_precision, numeric_scale) AS line
      FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1`);
  const constraints = await lines(`
    SELECT c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS line
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE n.nspname = 'public' ORDER BY 1`);
  const indexes = await lines(
    `SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`,
  );
  const triggers = await lines(`
    SELECT t.tgrelid::regclass::text || ' ' || pg_get_triggerdef(t.oid) AS line
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY 1`);
  const sequences = await lines(`
    SELECT sequencename || ' ' || coalesce(last_value::text, '-') AS line
      FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`);
  const tables = await lines(
    `SELECT tablename AS line FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
  );
  const rows: Record<string, string[]> = {};
  for (const table of tables) {
    if (options.volatileTables?.includes(table)) continue;
    rows[table] = await lines(`SELECT to_jsonb(t)::text AS line FROM "${table}" t ORDER BY 1`);
  }
  return { columns, constraints, indexes, triggers, sequences, rows };
}
