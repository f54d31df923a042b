import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { AppConfig } from '../config/app-config';
import { authEnv, type AuthEnv, MAX_TOKEN_LIFETIME_SECONDS, weakSecretWarning } from './auth.env';
import { JwtVerifier, TokenRejected } from './jwt-verifier';
import { TokenRevocations } from './token-revocations';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SECRET = 'a-shared-secret-of-32-characters';
const ISSUER = 'event-tickets-users';
const AUDIENCE = 'event-tickets';
const now = () => Math.floor(Date.now() / 1000);
const claims = { id: 'u1', email: 'ana@example.com', role: 'PUBLIC' };

interface Sign {
  iss?: string | null;
  aud?: string | string[] | null;
  iat?: number;
  lifetime?: number;
  hs?: boolean;
}
function sign({ iss = ISSUER, aud = AUDIENCE, iat = now(), lifetime = 3600, hs = false }: Sign = {}) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: hs ? 'HS256' : 'RS256' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetime);
  if (iss !== null) jwt.setIssuer(iss);
  if (aud !== null) jwt.setAudience(aud);
  return jwt.sign(hs ? new TextEncoder().encode(SECRET) : privateKey);
}

const env = (over: Partial<AuthEnv>): AuthEnv => ({
  JWT_ISSUER: ISSUER,
  JWT_AUDIENCE: AUDIENCE,
  TOKEN_REVOCATIONS_POLL_MS: 15_000,
  ...over,
});
function verifier(over: Partial<AuthEnv>) {
  const config = new AppConfig<AuthEnv>('spec', env(over));
  const revocations = new TokenRevocations(config);
  return { verifier: new JwtVerifier(config, revocations), revocations };
}
const rsa = () => verifier({ JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
const hs = () => verifier({ JWT_SECRET: SECRET });

describe(JwtVerifier.name, () => {
  describe('RS256 (our tokens): iss and aud required', () => {
    it('accepts our token, with an audience among others', async () => {
      const { verifier: v } = rsa();
      await expect(v.verify(await sign())).resolves.toEqual(claims);
      await expect(v.verify(await sign({ aud: ['another', AUDIENCE] }))).resolves.toEqual(claims);
    });

    it.each([
      ['a wrong audience', { aud: 'payments-gateway' }],
      ['no audience', { aud: null }],
      ['a wrong issuer', { iss: 'someone-else' }],
      ['no issuer', { iss: null }],
    ] as [string, Sign][])('refuses %s: "token is unauthorized"', async (_, over) => {
      await expect(rsa().verifier.verify(await sign(over))).rejects.toThrow('token is unauthorized');
    });

    it('refuses a token living longer than the cap (with a minute of leeway)', async () => {
      const { verifier: v } = rsa();
      await expect(v.verify(await sign({ lifetime: MAX_TOKEN_LIFETIME_SECONDS }))).resolves.toEqual(claims);
      await expect(v.verify(await sign({ lifetime: MAX_TOKEN_LIFETIME_SECONDS + 60 }))).resolves.toEqual(
        claims,
      );
      await expect(v.verify(await sign({ lifetime: MAX_TOKEN_LIFETIME_SECONDS + 61 }))).rejects.toThrow(
        'token lifetime exceeds the maximum',
      );
      await expect(v.verify(await sign({ lifetime: 30 * 86400 }))).rejects.toThrow(
        'token lifetime exceeds the maximum',
      );
    });
  });

  describe('HS256 (beside the original, whose tokens have no iss/aud)', () => {
    it("accepts the original's tokens without iss and aud, whatever their lifetime", async () => {
      const { verifier: v } = hs();
      await expect(v.verify(await sign({ hs: true, iss: null, aud: null }))).resolves.toEqual(claims);
      await expect(
        v.verify(await sign({ hs: true, iss: null, aud: null, lifetime: 7 * 86400 })),
      ).resolves.toEqual(claims);
    });

    it('accepts ours; refuses an iss or aud that is present and wrong', async () => {
      const { verifier: v } = hs();
      await expect(v.verify(await sign({ hs: true }))).resolves.toEqual(claims);
      await expect(v.verify(await sign({ hs: true, aud: 'payments-gateway' }))).rejects.toThrow(
        'token is unauthorized',
      );
      await expect(v.verify(await sign({ hs: true, iss: null, aud: 'other' }))).rejects.toThrow(
        'token is unauthorized',
      );
      await expect(v.verify(await sign({ hs: true, iss: 'someone-else', aud: null }))).rejects.toThrow(
        'token is unauthorized',
      );
    });

    it('holds a token with our issuer to the cap', async () => {
      await expect(
        hs().verifier.verify(await sign({ hs: true, lifetime: MAX_TOKEN_LIFETIME_SECONDS + 3600 })),
      ).rejects.toThrow('token lifetime exceeds the maximum');
    });
  });

  describe('revocations', () => {
    it("refuses a listed user's tokens issued before the not-before, accepts later ones and others'", async () => {
      const { verifier: v, revocations } = rsa();
      const t = now();
      const before = await sign({ iat: t - 10 });
      const after = await sign({ iat: t + 1 });
      revocations.replace([{ userId: 'u1', notBefore: t }]);
      await expect(v.verify(before)).rejects.toThrow('token is revoked');
      await expect(v.verify(await sign({ iat: t }))).resolves.toEqual(claims);
      await expect(v.verify(after)).resolves.toEqual(claims);
      revocations.replace([{ userId: 'someone-else', notBefore: t }]);
      await expect(v.verify(before)).resolves.toEqual(claims);
    });

    it('counts an HS256 token without iat as issued before any revocation', async () => {
      const { verifier: v, revocations } = hs();
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(now() + 60)
        .sign(new TextEncoder().encode(SECRET));
      await expect(v.verify(token)).resolves.toEqual(claims);
      revocations.add({ userId: 'u1', notBefore: 1 });
      await expect(v.verify(token)).rejects.toThrow('token is revoked');
    });
  });

  describe("the original's short secrets", () => {
    it('accepts any non-empty secret, the original having taken any length', () => {
      expect(authEnv.parse({ JWT_SECRET: 'secret' }).JWT_SECRET).toBe('secret');
      expect(authEnv.safeParse({ JWT_SECRET: '' }).success).toBe(false);
    });

    it('warns about one shorter than 32 characters, and not about a longer one', () => {
      expect(weakSecretWarning('secret')).toMatch(
        /^JWT_SECRET is 6 characters, shorter than the 32 HS256 needs/,
      );
      expect(weakSecretWarning('x'.repeat(31))).toBeDefined();
      expect(weakSecretWarning('x'.repeat(32))).toBeUndefined();
      expect(weakSecretWarning(undefined)).toBeUndefined();
    });

    it("verifies the original's token signed with a six-character secret", async () => {
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('secret'));
      await expect(verifier({ JWT_SECRET: 'secret' }).verifier.verify(token)).resolves.toEqual(claims);
      await expect(verifier({ JWT_SECRET: 'secreT' }).verifier.verify(token)).rejects.toThrow(TokenRejected);
    });
  });
});
