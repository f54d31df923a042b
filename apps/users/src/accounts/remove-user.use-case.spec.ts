import type { AuthUser, Role } from '@event-tickets/service-kit';
import type { TokenRevoker } from '../tokens/token-revoker';
import { RemoveUserUseCase } from './remove-user.use-case';
import type { UserRecord, UsersRepository } from './users.repository';

const id = (n: number) => n.toString(16).padStart(24, '0');

/** In-memory accounts with the repository's contract for deletions. */
class FakeUsers {
  constructor(readonly rows: UserRecord[]) {}
  async findById(userId: string) {
    const row = this.rows.find((r) => r.id === userId);
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

const setup = (roles: Role[]) => {
  const users = new FakeUsers(
    roles.map((role, i) => ({ id: id(i + 1), email: `u${i + 1}@x.com`, role, passwordHash: 'h' })),
  );
  const revoked: string[] = [];
  const revoker = { revoke: async (userId: string) => void revoked.push(userId) } as TokenRevoker;
  return { users, revoked, useCase: new RemoveUserUseCase(users as unknown as UsersRepository, revoker) };
};
const caller = (n: number, role: Role): AuthUser => ({ id: id(n), email: `u${n}@x.com`, role });

describe(RemoveUserUseCase.name, () => {
  it('deletes an account and revokes its tokens (its owner, or an admin)', async () => {
    const { useCase, users, revoked } = setup(['ADMIN', 'PUBLIC', 'PUBLIC']);
    await useCase.execute({ id: id(2), caller: caller(2, 'PUBLIC') });
    await useCase.execute({ id: id(3), caller: caller(1, 'ADMIN') });
    expect(users.rows.map((r) => r.id)).toEqual([id(1)]);
    expect(revoked).toEqual([id(2), id(3)]);
  });

  it("refuses another user's account to a non-admin", async () => {
    const { useCase, users } = setup(['ADMIN', 'PUBLIC', 'PUBLIC']);
    await expect(useCase.execute({ id: id(3), caller: caller(2, 'PUBLIC') })).rejects.toMatchObject({
      code: 'NOT_YOUR_ACCOUNT',
    });
    expect(users.rows).toHaveLength(3);
  });

  it('refuses to delete the last admin (409 LAST_ADMIN), but deletes an admin who is not the last', async () => {
    const { useCase, users } = setup(['ADMIN', 'PUBLIC']);
    await expect(useCase.execute({ id: id(1), caller: caller(1, 'ADMIN') })).rejects.toMatchObject({
      code: 'LAST_ADMIN',
      status: 409,
    });
    expect(users.rows).toHaveLength(2);
    users.rows.push({ id: id(3), email: 'u3@x.com', role: 'ADMIN', passwordHash: 'h' });
    await useCase.execute({ id: id(1), caller: caller(3, 'ADMIN') });
    expect(users.rows.map((r) => r.id)).toEqual([id(2), id(3)]);
  });
});
