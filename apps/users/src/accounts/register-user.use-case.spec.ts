import type { Role } from '@event-tickets/service-kit';
import type { PasswordHasher } from './password-hasher';
import { RegisterUserUseCase } from './register-user.use-case';
import type { UserRecord, UsersRepository } from './users.repository';

/** In-memory stand-in for the repository: same contract (undefined on a duplicate email). */
class FakeUsers {
  readonly rows: UserRecord[] = [];
  async create(email: string, passwordHash: string, role: Role) {
    if (this.rows.some((r) => r.email.toLowerCase() === email.trim().toLowerCase())) return undefined;
    const row = { id: String(this.rows.length + 1), email: email.trim(), passwordHash, role };
    this.rows.push(row);
    return row;
  }
}

const hasher = { hash: async (p: string) => `hashed:${p}` } as unknown as PasswordHasher;

describe(RegisterUserUseCase.name, () => {
  const setup = () => {
    const users = new FakeUsers();
    return { users, useCase: new RegisterUserUseCase(users as unknown as UsersRepository, hasher) };
  };

  it('creates a PUBLIC account by default and never keeps the plain password', async () => {
    const { users, useCase } = setup();
    await expect(useCase.execute({ email: 'ana@example.com', password: 'secret-123' })).resolves.toEqual({
      id: '1',
      email: 'ana@example.com',
      role: 'PUBLIC',
    });
    expect(users.rows[0]!.passwordHash).toBe('hashed:secret-123');
  });

  it('refuses self-registration as ADMIN, also for a PUBLIC caller', async () => {
    const { useCase } = setup();
    await expect(
      useCase.execute({ email: 'a@x.com', password: 'secret-123', role: 'ADMIN' }),
    ).rejects.toMatchObject({
      status: 403,
      code: 'ADMIN_REQUIRED',
    });
    await expect(
      useCase.execute({
        email: 'a@x.com',
        password: 'secret-123',
        role: 'ADMIN',
        caller: { id: '9', email: 'p@x.com', role: 'PUBLIC' },
      }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it('lets an admin create an admin', async () => {
    const { useCase } = setup();
    const admin = { id: '0', email: 'root@x.com', role: 'ADMIN' as const };
    await expect(
      useCase.execute({ email: 'b@x.com', password: 'secret-123', role: 'ADMIN', caller: admin }),
    ).resolves.toMatchObject({
      role: 'ADMIN',
    });
  });

  it('answers 409 with the original message for a duplicate email, whatever its case', async () => {
    const { useCase } = setup();
    await useCase.execute({ email: 'ana@example.com', password: 'secret-123' });
    await expect(
      useCase.execute({ email: ' ANA@example.com ', password: 'secret-123' }),
    ).rejects.toMatchObject({
      status: 409,
      message: 'User email ANA@example.com already exists',
    });
  });
});
