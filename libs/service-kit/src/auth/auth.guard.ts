import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { AuthUser, Role } from './auth-user';
import { IS_INTERNAL, IS_PUBLIC, OPTIONAL_AUTH, REQUIRED_ROLES } from './auth.decorators';
import { JwtVerifier, TokenRejected } from './jwt-verifier';

/** `Authorization: Bearer <jwt>` (prefix in any case), else the original's `jwt` cookie. */
export function extractToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^bearer\s+(.+)$/i.exec(header.trim());
    if (match) return match[1]!.trim();
  }
  return readCookie(request.headers.cookie, 'jwt');
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      try {
        return decodeURIComponent(value) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * The app-wide guard: every route needs a valid token unless marked `@Public()`. 401 for a missing,
 * malformed, expired or badly signed token; 403 for the wrong role; internal routes take only the
 * service token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const token = extractToken(request);

    if (this.reflector.getAllAndOverride<boolean>(IS_INTERNAL, targets)) {
      const presented = token ?? (request.headers['x-internal-token'] as string | undefined);
      if (!this.verifier.isInternalToken(presented))
        throw new ForbiddenException('internal route: service token required');
      return true;
    }
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const optional = this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH, targets);
    if (!token) {
      if (isPublic || optional) return true;
      throw new UnauthorizedException('no token found');
    }
    try {
      request.user = await this.verifier.verify(token);
    } catch (error) {
      if (isPublic) return true;
      if (error instanceof TokenRejected) throw new UnauthorizedException(error.message);
      throw error;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length && !roles.includes(request.user.role)) {
      throw new ForbiddenException(roles.includes('ADMIN') ? 'Admin access required' : 'insufficient role');
    }
    return true;
  }
}
