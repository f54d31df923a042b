import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RateLimitModule } from '@event-tickets/service-kit';
import { TokenSigner } from '../tokens/token-signer';
import { AdminBootstrap } from './admin-bootstrap';
import { UserIndexes } from './user-indexes';
import { ChangePasswordUseCase } from './change-password.use-case';
import { ChangeRoleUseCase } from './change-role.use-case';
import { GenerateTokenUseCase } from './generate-token.use-case';
import { GetMeQuery } from './get-me.query';
import { LoginLimits } from './login-limits';
import { PasswordHasher } from './password-hasher';
import { RegisterUserUseCase } from './register-user.use-case';
import { RegistrationRateLimiter } from './registration-rate-limiter';
import { RemoveUserUseCase } from './remove-user.use-case';
import { User, UserSchema } from './user.schema';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';

@Module({
  imports: [MongooseModule.forFeature([{ name: User.name, schema: UserSchema }]), RateLimitModule.forMongo()],
  controllers: [UsersController],
  providers: [
    UsersRepository,
    PasswordHasher,
    LoginLimits,
    RegistrationRateLimiter,
    TokenSigner,
    RegisterUserUseCase,
    GenerateTokenUseCase,
    RemoveUserUseCase,
    ChangeRoleUseCase,
    ChangePasswordUseCase,
    GetMeQuery,
    UserIndexes,
    AdminBootstrap,
  ],
  exports: [TokenSigner],
})
export class AccountsModule {}
