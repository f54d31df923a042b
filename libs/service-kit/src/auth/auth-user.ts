/** Roles: ADMIN runs the platform; STAFF (door staff) may read and check in tickets, nothing else; PUBLIC buys. */
export const ROLES = ['ADMIN', 'STAFF', 'PUBLIC'] as const;
export type Role = (typeof ROLES)[number];

/** The caller, from the token's claims (the original's `id`, `email`, `role`). */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
}
