import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Doc, RequestSchema, Rule, Trim, ROLES, type Role } from '@event-tickets/service-kit';

/** bcrypt reads only the first 72 bytes of a password: a longer one would be cut without a word. */
export const PASSWORD_MAX_BYTES = 72;

/** A new password: 8 characters at least, at most 72 bytes in UTF-8 (an accented letter takes 2, an emoji 4). */
const NewPassword = (property: string): PropertyDecorator => {
  const rules = [
    IsString(),
    IsNotEmpty(),
    MinLength(8),
    Rule({
      name: 'maxBytes',
      // Characters are never fewer than bytes: the document's bound is the byte limit.
      schema: { maxLength: PASSWORD_MAX_BYTES },
      message: `${property} must be at most ${PASSWORD_MAX_BYTES} bytes in UTF-8 (bcrypt ignores the rest)`,
      validate: (value) =>
        typeof value !== 'string' || Buffer.byteLength(value, 'utf8') <= PASSWORD_MAX_BYTES,
    }),
  ];
  return (target, key) => rules.forEach((rule) => rule(target, key));
};

@RequestSchema()
export class RegisterUserRequest {
  @Doc({ example: 'ana@example.com' })
  @Trim()
  @IsEmail()
  @IsNotEmpty()
  @MaxLength(254)
  email!: string;

  @Doc({ example: 'correct-horse', description: 'at least 8 characters, at most 72 bytes in UTF-8' })
  @NewPassword('password')
  password!: string;

  @Doc({ default: 'PUBLIC', description: 'ADMIN or STAFF only with an admin token' })
  @IsOptional()
  @IsEnum(ROLES, { message: `role must be one of the following values: ${ROLES.join(', ')}` })
  role?: Role;
}

@RequestSchema()
export class TokenRequest {
  @Doc({ example: 'ana@example.com' })
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  // Characters, not bytes: an account registered before the byte limit logs in with its password.
  @IsString()
  @MinLength(8)
  @MaxLength(72)
  password!: string;
}

@RequestSchema()
export class ChangePasswordRequest {
  @Doc({ example: 'correct-horse' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(72)
  current_password!: string;

  @Doc({ example: 'battery-staple', description: 'at least 8 characters, at most 72 bytes in UTF-8' })
  @NewPassword('new_password')
  new_password!: string;
}

@RequestSchema()
export class ChangeRoleRequest {
  @Doc({
    example: 'STAFF',
    description: 'ADMIN runs the platform; STAFF (door staff) may read and check in tickets; PUBLIC buys',
  })
  @IsEnum(ROLES, { message: `role must be one of the following values: ${ROLES.join(', ')}` })
  role!: Role;
}

export class UserResponse {
  @ApiProperty({ example: '6740b4f2c7d2a1e5f0a1b2c3' }) id!: string;
  @ApiProperty({ example: 'ana@example.com' }) email!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
}

export class TokenResponse {
  @ApiProperty({ description: 'JWT with the claims id, role, email, iss, aud, iat, exp' }) token!: string;
  @ApiProperty({ example: 3600, description: 'seconds until the token expires' }) expiresIn!: number;
}
