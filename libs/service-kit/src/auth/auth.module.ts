import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { JwtVerifier } from './jwt-verifier';
import { TokenRevocations } from './token-revocations';

/** Imported by every app's root module: the guard applies to every route (opt out with `@Public()`). */
@Global()
@Module({
  providers: [TokenRevocations, JwtVerifier, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [JwtVerifier, TokenRevocations],
})
export class AuthModule {}
