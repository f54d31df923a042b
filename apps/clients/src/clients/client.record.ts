/** A `clients` row as PostgreSQL returns it. */
export interface ClientRow {
  id: number;
  name: string;
  email: string;
  created_at: Date;
  /** The account of the latest purchase through our payments; null: admins only (see client-access). */
  user_id: string | null;
}

/** The original's JSON: the integer id as a string. */
export interface ClientView {
  id: string;
  name: string;
  email: string;
  created_at: string;
}

export function toClientView(row: ClientRow): ClientView {
  return {
    id: String(row.id),
    name: row.name,
    email: row.email,
    created_at: new Date(row.created_at).toISOString(),
  };
}
