import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '@event-tickets/service-kit';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterUserRequest {
  @ApiProperty({ example: 'ana@example.com' })
  @Transform(trim)
  @IsEmail()
  @IsNotEmpty()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 8, example: 'correct-horse' })
  @IsString()
  @IsNotEmpty()
  @MinLength(8)
  @MaxLength(72, { message: 'password must be at most 72 characters (bcrypt ignores the rest)' })
  password!: string;

  @ApiPropertyOptional({ enum: ROLES, default: 'PUBLIC', description: 'ADMIN only with an admin token' })
  @IsOptional()
  @IsEnum(ROLES, { message: `role must be one of the following values: ${ROLES.join(', ')}` })
  role?: Role;
}

export class TokenRequest {
  @ApiProperty({ example: 'ana@example.com' })
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 8 })
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
