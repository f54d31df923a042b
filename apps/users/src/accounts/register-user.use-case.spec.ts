import { AppConfig, MemoryRateLimitStore, type Role } from '@event-tickets/service-kit';
import type { UsersEnv } from '../config/users.env';
import type { PasswordHasher } from './password-hasher';
import { RegisterUserUseCase } from './register-user.use-case';
import { RegistrationRateLimiter } from './registration-rate-limiter';
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

const hashed: string[] = [];
const hasher = {
  hash: async (p: string) => {
    hashed.push(p);
    return `hashed:${p}`;
  },
} as unknown as PasswordHasher;
const client = '203.0.113.7';

describe(RegisterUserUseCase.name, () => {
  const setup = () => {
    const users = new FakeUsers();
    const config = new AppConfig<UsersEnv>('users', {
      REGISTRATION_RATE_LIMIT_PER_CLIENT: 2,
      REGISTRATION_RATE_WINDOW_SECONDS: 600,
    } as UsersEnv);
    const limiter = new RegistrationRateLimiter(new MemoryRateLimitStore(), config);
    hashed.length = 0;
    return { users, useCase: new RegisterUserUseCase(users as unknown as UsersRepository, hasher, limiter) };
  };

  it('creates a PUBLIC account by default and never keeps the plain password', async () => {
    const { users, useCase } = setup();
    await expect(
      useCase.execute({ email: 'ana@example.com', password: 'secret-123', client }),
    ).resolves.toEqual({
      id: '1',
      email: 'ana@example.com',
      role: 'PUBLIC',
    });
    expect(users.rows[0]!.passwordHash).toBe('hashed:secret-123');
  });

  it('refuses self-registration as ADMIN, also for a PUBLIC caller', async () => {
    const { useCase } = setup();
    await expect(
      useCase.execute({ email: 'a@x.com', password: 'secret-123', role: 'ADMIN', client }),
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
        client,
      }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it('refuses self-registration as STAFF, also for a PUBLIC or a STAFF caller, without hashing', async () => {
    const { useCase, users } = setup();
    for (const caller of [undefined, { id: '9', email: 'p@x.com', role: 'PUBLIC' as const }]) {
      await expect(
        useCase.execute({ email: 's@x.com', password: 'secret-123', role: 'STAFF', caller, client }),
      ).rejects.toMatchObject({
        status: 403,
        code: 'ADMIN_REQUIRED',
        message: 'only an admin can create a STAFF account',
      });
    }
    const staff = { id: '8', email: 'door@x.com', role: 'STAFF' as const };
    for (const role of ['STAFF', 'ADMIN'] as const)
      await expect(
        useCase.execute({ email: 's@x.com', password: 'secret-123', role, caller: staff, client }),
      ).rejects.toMatchObject({ status: 403, code: 'ADMIN_REQUIRED' });
    expect(users.rows).toEqual([]);
    expect(hashed).toEqual([]);
  });

  it('gives a STAFF caller what a PUBLIC one gets: a PUBLIC account, counted by the per-address limit', async () => {
    const { useCase } = setup();
    const staff = { id: '8', email: 'door@x.com', role: 'STAFF' as const };
    const register = (email: string) =>
      useCase.execute({ email, password: 'secret-123', caller: staff, client });
    await expect(register('s1@x.com')).resolves.toMatchObject({ role: 'PUBLIC' });
    await register('s2@x.com');
    await expect(register('s3@x.com')).rejects.toMatchObject({ status: 429 });
  });

  it('lets an admin create a STAFF account', async () => {
    const { useCase, users } = setup();
    const admin = { id: '0', email: 'root@x.com', role: 'ADMIN' as const };
    await expect(
      useCase.execute({ email: 'door@x.com', password: 'secret-123', role: 'STAFF', caller: admin, client }),
    ).resolves.toEqual({ id: '1', email: 'door@x.com', role: 'STAFF' });
    expect(users.rows[0]!.role).toBe('STAFF');
  });

  it('lets an admin create an admin', async () => {
    const { useCase } = setup();
    const admin = { id: '0', email: 'root@x.com', role: 'ADMIN' as const };
    await expect(
      useCase.execute({ email: 'b@x.com', password: 'secret-123', role: 'ADMIN', caller: admin, client }),
    ).resolves.toMatchObject({
      role: 'ADMIN',
    });
  });

  it('answers 409 with the original message for a duplicate email, whatever its case', async () => {
    const { useCase } = setup();
    await useCase.execute({ email: 'ana@example.com', password: 'secret-123', client });
    await expect(
      useCase.execute({ email: ' ANA@example.com ', password: 'secret-123', client }),
    ).rejects.toMatchObject({
      status: 409,
      message: 'User email ANA@example.com already exists',
    });
  });

  it('limits registrations per client address before hashing; an admin is not counted', async () => {
    const { useCase } = setup();
    const admin = { id: '0', email: 'root@x.com', role: 'ADMIN' as const };
    await useCase.execute({ email: 'a1@x.com', password: 'secret-123', client });
    await useCase.execute({ email: 'a2@x.com', password: 'secret-123', client });
    await expect(
      useCase.execute({ email: 'a3@x.com', password: 'secret-123', client }),
    ).rejects.toMatchObject({
      status: 429,
      code: 'TOO_MANY_ATTEMPTS',
      details: { retryAfter: 600 },
    });
    expect(hashed).toHaveLength(2);
    await expect(
      useCase.execute({ email: 'a4@x.com', password: 'secret-123', client: '198.51.100.1' }),
    ).resolves.toMatchObject({ email: 'a4@x.com' });
    await expect(
      useCase.execute({ email: 'a5@x.com', password: 'secret-123', client, caller: admin }),
    ).resolves.toMatchObject({ email: 'a5@x.com' });
  });
});
