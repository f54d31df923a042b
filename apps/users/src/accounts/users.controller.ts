import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  type AuthUser,
  clientKey,
  CurrentUser,
  ErrorResponse,
  OptionalAuth,
  Public,
  Roles,
} from '@event-tickets/service-kit';
import { ChangePasswordUseCase } from './change-password.use-case';
import { ChangeRoleUseCase } from './change-role.use-case';
import { GenerateTokenUseCase } from './generate-token.use-case';
import { GetMeQuery } from './get-me.query';
import { RegisterUserUseCase } from './register-user.use-case';
import { RemoveUserUseCase } from './remove-user.use-case';
import {
  ChangePasswordRequest,
  ChangeRoleRequest,
  RegisterUserRequest,
  TokenRequest,
  TokenResponse,
  UserResponse,
} from './users.requests';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly registerUser: RegisterUserUseCase,
    private readonly generateToken: GenerateTokenUseCase,
    private readonly removeUser: RemoveUserUseCase,
    private readonly getMe: GetMeQuery,
    private readonly changeRole: ChangeRoleUseCase,
    private readonly changePassword: ChangePasswordUseCase,
  ) {}

  @OptionalAuth()
  @Post()
  @ApiOperation({ summary: 'Register an account (PUBLIC; ADMIN or STAFF only when an admin calls)' })
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: UserResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'invalid email, password shorter than 8 characters or longer than 72 bytes, unknown role',
  })
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description: 'ADMIN_REQUIRED: role ADMIN or STAFF without an admin token',
  })
  @ApiConflictResponse({ type: ErrorResponse, description: 'User email <email> already exists' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description: 'too many registrations from this address; see Retry-After',
  })
  @ApiServiceUnavailableResponse({
    type: ErrorResponse,
    description: 'too many registrations at once; see Retry-After',
  })
  register(
    @Body() body: RegisterUserRequest,
    @Req() request: FastifyRequest,
    @CurrentUser() caller?: AuthUser,
  ): Promise<UserResponse> {
    return this.registerUser.execute({ ...body, caller, client: clientKey(request) });
  }

  @Public()
  @Post('token')
  @ApiOperation({ summary: 'Log in: a JWT for the account (201, as the original)' })
  @ApiCreatedResponse({ type: TokenResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiUnauthorizedResponse({
    type: ErrorResponse,
    description: 'invalid email or password (the same for both)',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description: 'too many failed logins from this address, or for this account from it; see Retry-After',
  })
  token(@Body() body: TokenRequest, @Req() request: FastifyRequest): Promise<TokenResponse> {
    return this.generateToken.execute({
      email: body.email,
      password: body.password,
      client: clientKey(request),
    });
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's account" })
  @ApiOkResponse({ type: UserResponse })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'the account was deleted' })
  me(@CurrentUser() caller: AuthUser): Promise<UserResponse> {
    return this.getMe.execute(caller);
  }

  @Post('me/password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Change the caller's password; every earlier token of the account is revoked (log in again)",
  })
  @ApiNoContentResponse({ description: 'changed; the token used for this call no longer works' })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'new_password shorter than 8 characters or longer than 72 bytes',
  })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'WRONG_PASSWORD: current password is incorrect' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'the account was deleted' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description: 'too many wrong passwords (counted with failed logins); see Retry-After',
  })
  @ApiServiceUnavailableResponse({
    type: ErrorResponse,
    description: 'too many hashes at once; see Retry-After',
  })
  async password(
    @Body() body: ChangePasswordRequest,
    @Req() request: FastifyRequest,
    @CurrentUser() caller: AuthUser,
  ): Promise<void> {
    await this.changePassword.execute({
      caller,
      currentPassword: body.current_password,
      newPassword: body.new_password,
      client: clientKey(request),
    });
  }

  @Roles('ADMIN')
  @Patch(':id/role')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "Set an account's role (admin): ADMIN, STAFF or PUBLIC; the account's earlier tokens are revoked",
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'malformed id, unknown role' })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Admin access required' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'User with identifier "<id>" not found' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'LAST_ADMIN: the last admin cannot be demoted' })
  role(@Param('id') id: string, @Body() body: ChangeRoleRequest): Promise<UserResponse> {
    return this.changeRole.execute({ id, role: body.role });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: "Delete an account (its owner or an admin); the account's tokens are revoked" })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'malformed id' })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "another user's account" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'User with identifier "<id>" not found' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'LAST_ADMIN: the last admin cannot be deleted' })
  async remove(@Param('id') id: string, @CurrentUser() caller: AuthUser): Promise<void> {
    await this.removeUser.execute({ id, caller });
  }
}
