import type { Role } from '@event-tickets/service-kit';
import type { TokenRevoker } from '../tokens/token-revoker';
import { ChangeRoleUseCase } from './change-role.use-case';
import type { UserRecord, UsersRepository } from './users.repository';

const id = (n: number) => n.toString(16).padStart(24, '0');

/** In-memory accounts with the repository's contract for role changes. */
class FakeUsers {
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
}

const setup = (roles: Role[]) => {
  const users = new FakeUsers(
    roles.map((role, i) => ({ id: id(i + 1), email: `u${i + 1}@x.com`, role, passwordHash: 'h' })),
  );
  const revoked: string[] = [];
  const revoker = { revoke: async (userId: string) => void revoked.push(userId) } as TokenRevoker;
  return { users, revoked, useCase: new ChangeRoleUseCase(users as unknown as UsersRepository, revoker) };
};

describe(ChangeRoleUseCase.name, () => {
  it("sets the role and revokes the account's tokens", async () => {
    const { useCase, revoked } = setup(['ADMIN', 'PUBLIC']);
    await expect(useCase.execute({ id: id(2), role: 'ADMIN' })).resolves.toEqual({
      id: id(2),
      email: 'u2@x.com',
      role: 'ADMIN',
    });
    await expect(useCase.execute({ id: id(1), role: 'PUBLIC' })).resolves.toMatchObject({ role: 'PUBLIC' });
    expect(revoked).toEqual([id(2), id(1)]);
  });

  it('refuses to demote the last admin (409), without revoking', async () => {
    const { useCase, users, revoked } = setup(['ADMIN', 'PUBLIC']);
    await expect(useCase.execute({ id: id(1), role: 'PUBLIC' })).rejects.toMatchObject({
      status: 409,
      code: 'LAST_ADMIN',
    });
    expect(users.rows[0]!.role).toBe('ADMIN');
    expect(revoked).toEqual([]);
  });

  it('undoes a demotion that left no admin (two admins demoting each other at once)', async () => {
    const { useCase, users } = setup(['ADMIN', 'ADMIN']);
    // The other admin is demoted between this call's count and its update.
    const count = users.countAdmins.bind(users);
    let calls = 0;
    users.countAdmins = async () => {
      calls += 1;
      if (calls === 1) {
        const n = await count();
        users.rows[1]!.role = 'PUBLIC';
        return n;
      }
      return count();
    };
    await expect(useCase.execute({ id: id(1), role: 'PUBLIC' })).rejects.toMatchObject({ status: 409 });
    expect(users.rows[0]!.role).toBe('ADMIN');
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    const { useCase } = setup(['ADMIN']);
    await expect(useCase.execute({ id: 'nope', role: 'ADMIN' })).rejects.toMatchObject({ status: 400 });
    await expect(useCase.execute({ id: id(9), role: 'ADMIN' })).rejects.toMatchObject({
      status: 404,
      message: `User with identifier "${id(9)}" not found`,
    });
  });
});
