/**
 * The database port: what use cases and repositories see of PostgreSQL. Rows come back as plain
 * objects, affected counts as numbers, whatever the statement; no ORM types leak into app code.
 */
export interface Sql {
  /** The rows of a statement (a SELECT, or a write with RETURNING). */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** How many rows an INSERT, UPDATE or DELETE changed. */
  execute(text: string, params?: readonly unknown[]): Promise<number>;
  /**
   * A named server-side prepared statement: parsed and planned once per connection, then only
   * executed. For hot paths, where planning costs as much as running. `name` must be unique per text.
   */
  prepared<T = Record<string, unknown>>(
    name: string,
    text: string,
    params?: readonly unknown[],
  ): Promise<T[]>;
}

/** The app's PostgreSQL database: statements in autocommit, or a transaction around a unit of work. */
export abstract class Database implements Sql {
  abstract query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  abstract execute(text: string, params?: readonly unknown[]): Promise<number>;
  abstract prepared<T = Record<string, unknown>>(
    name: string,
    text: string,
    params?: readonly unknown[],
  ): Promise<T[]>;
  /** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  abstract transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
}

/** SQLSTATE unique_violation. */
export const UNIQUE_VIOLATION = '23505';

/** The SQLSTATE of a failed statement (pg's error, or TypeORM's wrapper around it). */
export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A unique index refused the row: PostgreSQL's 23505. */
export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === UNIQUE_VIOLATION;
