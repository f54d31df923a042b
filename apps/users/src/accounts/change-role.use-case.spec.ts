import type { Role } from '@event-tickets/service-kit';
import { ChangeRoleUseCase } from './change-role.use-case';
import { accountId, fakeAccounts } from './__fixtures__/fake-users';

const id = accountId;
const setup = (roles: Role[]) => {
  const { users, repository, revoked, revoker } = fakeAccounts(roles);
  return { users, revoked, useCase: new ChangeRoleUseCase(repository, revoker) };
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

  it('makes an account STAFF and back, revoking its tokens each time', async () => {
    const { useCase, users, revoked } = setup(['ADMIN', 'PUBLIC']);
    await expect(useCase.execute({ id: id(2), role: 'STAFF' })).resolves.toEqual({
      id: id(2),
      email: 'u2@x.com',
      role: 'STAFF',
    });
    expect(users.rows[1]!.role).toBe('STAFF');
    await expect(useCase.execute({ id: id(2), role: 'PUBLIC' })).resolves.toMatchObject({ role: 'PUBLIC' });
    expect(revoked).toEqual([id(2), id(2)]);
  });

  it('lets an admin become STAFF while another admin is left', async () => {
    const { useCase, users } = setup(['ADMIN', 'ADMIN']);
    await expect(useCase.execute({ id: id(1), role: 'STAFF' })).resolves.toMatchObject({ role: 'STAFF' });
    expect(users.rows.map((r) => r.role)).toEqual(['STAFF', 'ADMIN']);
  });

  it.each(['PUBLIC', 'STAFF'] as const)(
    'refuses to demote the last admin to %s (409), without revoking',
    async (role) => {
      const { useCase, users, revoked } = setup(['ADMIN', 'STAFF', 'PUBLIC']);
      await expect(useCase.execute({ id: id(1), role })).rejects.toMatchObject({
        status: 409,
        code: 'LAST_ADMIN',
      });
      expect(users.rows[0]!.role).toBe('ADMIN');
      expect(revoked).toEqual([]);
    },
  );

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
