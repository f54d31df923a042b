import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * Swagger's view of the body only: the body is checked by the original's ordered rules
 * (event-rules.ts), not by class-validator, so that the first failing rule gives the message.
 */
export class CreateEventRequest {
  @ApiProperty({ example: 'Rock in Rio', maxLength: 255 }) name!: string;
  @ApiProperty({ example: 'Music festival' }) description!: string;
  @ApiProperty({ example: 'https://img.example.com/rir.png' }) image_url!: string;
  @ApiProperty({ example: 150.5, description: '> 0, two decimals kept' }) price!: number;
  @ApiProperty({ example: 'BRL', maxLength: 10 }) currency!: string;
  @ApiProperty({ example: '2030-09-25T21:00:00.000-03:00', description: 'RFC 3339, not in the past' })
  event_date!: string;
  @ApiPropertyOptional({ example: 1000, minimum: 1, description: 'seats for sale; absent = unlimited' })
  capacity?: number;
}

/** Every field optional: empty strings, price ≤ 0 and null are ignored (the original's partial update). */
export class UpdateEventRequest {
  @ApiPropertyOptional({ maxLength: 255 }) name?: string;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional() image_url?: string;
  @ApiPropertyOptional({ description: 'applied when > 0' }) price?: number;
  @ApiPropertyOptional({ maxLength: 10 }) currency?: string;
  @ApiPropertyOptional({ description: 'RFC 3339, not in the past' }) event_date?: string;
  @ApiPropertyOptional({ minimum: 1, description: 'not below the seats already held or sold (409)' })
  capacity?: number;
}
