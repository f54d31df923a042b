import type { Role } from '@event-tickets/service-kit';
import type { TokenRevoker } from '../../tokens/token-revoker';
import type { UserRecord, UsersRepository } from '../users.repository';

/** A 24-hex account id, as MongoDB makes them: `accountId(1)`, `accountId(2)` ... */
export const accountId = (n: number) => n.toString(16).padStart(24, '0');

/** In-memory accounts with the repository's contract for role changes and deletions. */
export class FakeUsers {
  constructor(readonly rows: UserRecord[]) {}

  async findById(userId: string) {
    const row = this.rows.find((r) => r.id === userId);
    return row && { ...row };
  }

  async setRole(userId: string, role: Role) {
    const row = this.rows.find((r) => r.id === userId);
    if (row) row.role = role;
    return row && { ...row };
  }

  async countAdmins() {
    return this.rows.filter((r) => r.role === 'ADMIN').length;
  }

  async delete(userId: string) {
    const before = this.rows.length;
    this.rows.splice(0, this.rows.length, ...this.rows.filter((r) => r.id !== userId));
    return this.rows.length < before;
  }
}

/** Accounts `accountId(1..n)` with these roles, and a revoker that records whose tokens it ended. */
export function fakeAccounts(roles: Role[]) {
  const users = new FakeUsers(
    roles.map((role, i) => ({ id: accountId(i + 1), email: `u${i + 1}@x.com`, role, passwordHash: 'h' })),
  );
  const revoked: string[] = [];
  const revoker = { revoke: async (userId: string) => void revoked.push(userId) } as TokenRevoker;
  return { users, repository: users as unknown as UsersRepository, revoked, revoker };
}
