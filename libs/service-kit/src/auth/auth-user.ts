export const ROLES = ['ADMIN', 'PUBLIC'] as const;
export type Role = (typeof ROLES)[number];

/** The caller, from the token's claims (the original's `id`, `email`, `role`). */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
}
