import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldErrors {
  @ApiProperty({ example: 'email' }) field!: string;
  @ApiProperty({ example: ['email must be an email'] }) messages!: string[];
}

/** The error body of every app (Swagger's view of ErrorBody). */
export class ErrorResponse {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({ example: 'email must be an email' }) message!: string;
  @ApiPropertyOptional({ example: 'EMAIL_TAKEN', description: 'a stable code for domain errors' })
  code?: string;
  @ApiPropertyOptional({ type: [FieldErrors] }) errors?: FieldErrors[];
  @ApiProperty({ example: '/users' }) path!: string;
  @ApiProperty({ example: '2026-11-24T12:00:00.000Z' }) timestamp!: string;
  @ApiPropertyOptional() traceId?: string;
}
