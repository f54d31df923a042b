import { AppConfig, type AuthEnv, JwtVerifier, ROLES, TokenRevocations } from '@event-tickets/service-kit';
import { ensureTestKeys, signToken } from './tokens';

describe(signToken.name, () => {
  beforeAll(() => ensureTestKeys());

  const verifier = () => {
    const config = new AppConfig<AuthEnv>('spec', {
      JWT_PUBLIC_KEY: process.env.JWT_PUBLIC_KEY,
      JWT_ISSUER: 'event-tickets-users',
      JWT_AUDIENCE: 'event-tickets',
      TOKEN_REVOCATIONS_POLL_MS: 15_000,
    } as AuthEnv);
    return new JwtVerifier(config, new TokenRevocations(config));
  };

  it.each(ROLES)('signs a %s token that the apps accept with that role', async (role) => {
    const token = await signToken({ id: 'u1', email: 'door@example.com', role });
    await expect(verifier().verify(token)).resolves.toEqual({ id: 'u1', email: 'door@example.com', role });
  });
});
