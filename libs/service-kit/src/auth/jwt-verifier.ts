import { createHash, createPublicKey, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey, type KeyLike } from 'jose';
import { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/parse-env';
import type { AuthEnv } from './auth.env';
import { ROLES, type AuthUser, type Role } from './auth-user';

/** Why a token was refused; the messages are the original's (jwtauth) ones. */
export class TokenRejected extends Error {}

@Injectable()
export class JwtVerifier {
  private readonly key: Uint8Array | KeyLike | JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly internalToken?: Buffer;

  constructor(config: AppConfig<AuthEnv>) {
    const env = config.env;
    if (env.JWT_SECRET) {
      this.key = new TextEncoder().encode(env.JWT_SECRET);
      this.algorithms = ['HS256'];
    } else if (env.JWT_PUBLIC_KEY) {
      this.key = createPublicKey(env.JWT_PUBLIC_KEY.replace(/\\n/g, '\n'));
      this.algorithms = ['RS256', 'ES256'];
    } else if (env.JWT_JWKS_URL) {
      // Cached; refetched when a token names an unknown key id (rotation), at most every 30 s.
      this.key = createRemoteJWKSet(new URL(env.JWT_JWKS_URL), {
        cooldownDuration: 30_000,
        cacheMaxAge: 600_000,
      });
      this.algorithms = ['RS256', 'ES256'];
    } else {
      throw new ConfigError([
        'JWT_PUBLIC_KEY: is required to verify tokens (or JWT_PUBLIC_KEY_FILE, JWT_JWKS_URL, JWT_SECRET)',
      ]);
    }
    if (env.INTERNAL_API_TOKEN)
      this.internalToken = createHash('sha256').update(env.INTERNAL_API_TOKEN).digest();
  }

  async verify(token: string): Promise<AuthUser> {
    let payload: Record<string, unknown>;
    try {
      const result =
        typeof this.key === 'function'
          ? await jwtVerify(token, this.key, { algorithms: this.algorithms })
          : await jwtVerify(token, this.key, { algorithms: this.algorithms });
      payload = result.payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new TokenRejected('token is expired');
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf')
        throw new TokenRejected('token nbf validation failed');
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iat')
        throw new TokenRejected('token iat validation failed');
      throw new TokenRejected('token is unauthorized');
    }
    if (typeof payload.exp !== 'number') throw new TokenRejected('token is unauthorized');
    const { id, role, email } = payload;
    if (typeof id !== 'string' || typeof role !== 'string') throw new TokenRejected('Invalid token claims');
    if (!ROLES.includes(role as Role)) throw new TokenRejected('Unauthorized');
    return { id, role: role as Role, email: typeof email === 'string' ? email : '' };
  }

  /** Constant-time comparison of a presented service token. */
  isInternalToken(presented: string | undefined): boolean {
    if (!this.internalToken || !presented) return false;
    return timingSafeEqual(createHash('sha256').update(presented).digest(), this.internalToken);
  }
}
