import type { AuthUser, Role } from '@event-tickets/service-kit';
import { RemoveUserUseCase } from './remove-user.use-case';
import { accountId, fakeAccounts } from './__fixtures__/fake-users';

const id = accountId;
const setup = (roles: Role[]) => {
  const { users, repository, revoked, revoker } = fakeAccounts(roles);
  return { users, revoked, useCase: new RemoveUserUseCase(repository, revoker) };
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

  it.each(['PUBLIC', 'STAFF'] as const)("refuses another user's account to a %s caller", async (role) => {
    const { useCase, users } = setup(['ADMIN', role, 'PUBLIC']);
    await expect(useCase.execute({ id: id(3), caller: caller(2, role) })).rejects.toMatchObject({
      code: 'NOT_YOUR_ACCOUNT',
    });
    expect(users.rows).toHaveLength(3);
  });

  it('lets a STAFF account delete itself', async () => {
    const { useCase, users } = setup(['ADMIN', 'STAFF']);
    await useCase.execute({ id: id(2), caller: caller(2, 'STAFF') });
    expect(users.rows.map((r) => r.id)).toEqual([id(1)]);
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
