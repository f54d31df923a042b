import { createHash, createPublicKey, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, Optional } from '@nestjs/common';
import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type KeyLike,
} from 'jose';
import { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/parse-env';
import { type AuthEnv, MAX_TOKEN_LIFETIME_SECONDS, weakSecretWarning } from './auth.env';
import { ROLES, type AuthUser, type Role } from './auth-user';
import { TokenRevocations } from './token-revocations';

/** Why a token was refused; the messages are the original's (jwtauth) ones, plus "token is revoked". */
export class TokenRejected extends Error {}

/** Leeway on the lifetime cap for a signer whose `exp` and `iat` were rounded apart. */
const LIFETIME_SKEW_SECONDS = 60;

/**
 * Verifies users' tokens: signature, `exp`, `iss` = JWT_ISSUER, `aud` ∋ JWT_AUDIENCE, a lifetime no
 * longer than the cap, and not revoked. In HS256 mode (JWT_SECRET, beside the original's users,
 * whose tokens carry no `iss`/`aud`) a token without them is accepted; one with them must match, and
 * one with our `iss` is held to the cap.
 */
@Injectable()
export class JwtVerifier {
  private readonly key: Uint8Array | KeyLike | JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly compatible: boolean;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly internalToken?: Buffer;

  constructor(
    config: AppConfig<AuthEnv>,
    @Optional() private readonly revocations?: TokenRevocations,
  ) {
    const env = config.env;
    this.issuer = env.JWT_ISSUER;
    this.audience = env.JWT_AUDIENCE;
    this.compatible = Boolean(env.JWT_SECRET);
    if (env.JWT_SECRET) {
      const warning = weakSecretWarning(env.JWT_SECRET);
      if (warning) new Logger(JwtVerifier.name).warn(warning);
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
    let payload: JWTPayload;
    try {
      // HS256 checks iss and aud below, only when the token has them.
      const claims = this.compatible
        ? { algorithms: this.algorithms }
        : {
            algorithms: this.algorithms,
            issuer: this.issuer,
            audience: this.audience,
            requiredClaims: ['iat'],
          };
      const result =
        typeof this.key === 'function'
          ? await jwtVerify(token, this.key, claims)
          : await jwtVerify(token, this.key, claims);
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
    if (this.compatible && !this.matchesIfPresent(payload)) throw new TokenRejected('token is unauthorized');
    // Ours (every token outside HS256 mode): no longer-lived than users may issue.
    if (payload.iss !== undefined && (payload.iat === undefined || this.tooLong(payload.exp, payload.iat)))
      throw new TokenRejected('token lifetime exceeds the maximum');
    const { id, role, email } = payload;
    if (typeof id !== 'string' || typeof role !== 'string') throw new TokenRejected('Invalid token claims');
    if (!ROLES.includes(role as Role)) throw new TokenRejected('Unauthorized');
    if (this.revocations?.isRevoked(id, payload.iat)) throw new TokenRejected('token is revoked');
    return { id, role: role as Role, email: typeof email === 'string' ? email : '' };
  }

  private matchesIfPresent(payload: JWTPayload): boolean {
    if (payload.iss !== undefined && payload.iss !== this.issuer) return false;
    if (payload.aud === undefined) return true;
    return (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).includes(this.audience);
  }

  private tooLong(exp: number, iat: number): boolean {
    return exp - iat > MAX_TOKEN_LIFETIME_SECONDS + LIFETIME_SKEW_SECONDS;
  }

  /** Constant-time comparison of a presented service token. */
  isInternalToken(presented: string | undefined): boolean {
    if (!this.internalToken || !presented) return false;
    return timingSafeEqual(createHash('sha256').update(presented).digest(), this.internalToken);
  }
}
