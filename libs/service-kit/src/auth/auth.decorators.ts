import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthUser, Role } from './auth-user';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';
export const IS_INTERNAL = 'auth:internal';
export const OPTIONAL_AUTH = 'auth:optional';

/** No token needed (health, metrics, registration, login, JWKS). Every other route needs one. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** A token is read when present (e.g. registration: an admin may create admins) but not required. */
export const OptionalAuth = () => SetMetadata(OPTIONAL_AUTH, true);
/** The caller's role must be one of these. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);
/** Service-to-service only: the internal API token, never a user token. */
export const Internal = () => SetMetadata(IS_INTERNAL, true);

/** The authenticated caller (undefined on a public route without a token). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser | undefined => {
  return ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user;
});
