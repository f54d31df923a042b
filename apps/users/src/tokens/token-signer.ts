import { Injectable } from '@nestjs/common';
import { calculateJwkThumbprint, exportJWK, importPKCS8, type JWK, type KeyLike, SignJWT } from 'jose';
import { AppConfig, type AuthUser } from '@event-tickets/service-kit';
import type { UsersEnv } from '../config/users.env';

export interface IssuedToken {
  token: string;
  /** Seconds, and the token's `exp - iat` is exactly this. */
  expiresIn: number;
}

/**
 * Issues the original's tokens (claims `id`, `role`, `email`, `iat`, `exp`) plus `iss` (JWT_ISSUER)
 * and `aud` (JWT_AUDIENCE), which every verifier checks: RS256 with a `kid` whose public key is served
 * as a JWKS, or HS256 with the shared JWT_SECRET (the original's events service, which ignores them).
 */
@Injectable()
export class TokenSigner {
  private signing?: Promise<{ key: KeyLike | Uint8Array; alg: string; kid?: string; jwk?: JWK }>;

  constructor(private readonly config: AppConfig<UsersEnv>) {}

  private keys() {
    this.signing ??= (async () => {
      const env = this.config.env;
      if (env.JWT_SECRET) return { key: new TextEncoder().encode(env.JWT_SECRET), alg: 'HS256' };
      const key = await importPKCS8(env.JWT_PRIVATE_KEY!.replace(/\\n/g, '\n'), 'RS256', {
        extractable: true,
      });
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = await exportJWK(key);
      const kid = await calculateJwkThumbprint(publicJwk);
      return { key, alg: 'RS256', kid, jwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' } };
    })();
    return this.signing;
  }

  async sign(user: AuthUser): Promise<IssuedToken> {
    const { key, alg, kid } = await this.keys();
    const expiresIn = this.config.env.JWT_EXPIRES_IN;
    const iat = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ role: user.role, id: user.id, email: user.email })
      .setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
      .setIssuer(this.config.env.JWT_ISSUER)
      .setAudience(this.config.env.JWT_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + expiresIn)
      .sign(key);
    return { token, expiresIn };
  }

  /** The public keys verifiers fetch; empty in HS256 mode (a shared secret is never published). */
  async jwks(): Promise<{ keys: JWK[] }> {
    const { jwk } = await this.keys();
    return { keys: jwk ? [jwk] : [] };
  }
}
