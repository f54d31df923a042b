import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Doc, RequestSchema, Trim, ROLES, type Role } from '@event-tickets/service-kit';

@RequestSchema()
export class RegisterUserRequest {
  @Doc({ example: 'ana@example.com' })
  @Trim()
  @IsEmail()
  @IsNotEmpty()
  @MaxLength(254)
  email!: string;

  @Doc({ example: 'correct-horse' })
  @IsString()
  @IsNotEmpty()
  @MinLength(8)
  @MaxLength(72, { message: 'password must be at most 72 characters (bcrypt ignores the rest)' })
  password!: string;

  @Doc({ default: 'PUBLIC', description: 'ADMIN only with an admin token' })
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

  @IsString()
  @MinLength(8)
  @MaxLength(72)
  password!: string;
}

export class UserResponse {
  @ApiProperty({ example: '6740b4f2c7d2a1e5f0a1b2c3' }) id!: string;
  @ApiProperty({ example: 'ana@example.com' }) email!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
}

export class TokenResponse {
  @ApiProperty({ description: 'JWT with the claims id, role, email, iat, exp' }) token!: string;
  @ApiProperty({ example: 3600, description: 'seconds until the token expires' }) expiresIn!: number;
}
