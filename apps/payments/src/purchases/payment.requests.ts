import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNumber, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { Doc, RequestSchema, Trim, trimmed } from '@event-tickets/service-kit';
import { EVENT_ID_PATTERN } from '../common/event-id';
import { PAYMENT_STATUSES, type PaymentStatus } from '../common/payment-status';

/**
 * The original sent event ids as strings; events' ids are integers: both are accepted, kept as a
 * string. Only digits pass: the id is put into events' URL path, and nothing else names an event.
 */
const eventIdString = ({ value }: { value: unknown }) =>
  typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : trimmed(value);
const IGNORED = 'Accepted for compatibility with the original and ignored: events is authoritative.';
const EVENT_ID_MESSAGE = 'event_id must be an event id: a string of digits or an integer';

/** The original's body; price and event details now come from events, not from here. */
@RequestSchema()
export class CreatePaymentRequest {
  @Doc({ example: 'Ana', description: 'the name used in the payment emails' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  user_name?: string;

  @Doc({
    example: 'ana@example.com',
    description: "must be the logged-in user's email (403 otherwise)",
  })
  @Trim()
  @IsEmail()
  @MaxLength(254)
  user_email!: string;

  @Doc({ oneOf: [{ type: 'string' }, { type: 'integer' }], example: '42' })
  @Transform(eventIdString)
  @IsString({ message: EVENT_ID_MESSAGE })
  @Matches(EVENT_ID_PATTERN, { message: EVENT_ID_MESSAGE })
  event_id!: string;

  @Doc({
    example: 150.5,
    description:
      'Optional. When given it must equal the event price (409 AMOUNT_MISMATCH otherwise); the price charged is always the event price.',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  event_amount?: number;

  @Doc({
    example: 'TOKEN123',
    description:
      'Handed to the gateway (simulation: even length approves, odd is rejected, empty fails as invalid payment data). Never stored.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  payment_token?: string;

  @Doc({ description: IGNORED })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  event_name?: string;

  @Doc({ description: IGNORED })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  event_description?: string;

  @Doc({ description: IGNORED })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  event_image_url?: string;

  @Doc({
    example: 'pt-BR',
    description: 'pt, pt-br, pt-BR → Portuguese emails; anything else English',
  })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  user_language?: string;
}

export class PaymentCreatedResponse {
  @ApiProperty({ example: '0b7f1c4e-4a4c-4d8e-9a77-2f1f0e3b6c11' }) payment_id!: string;
  @ApiProperty({ enum: ['PENDING'] }) status!: 'PENDING';
}

export class PaymentResponse {
  @ApiProperty({ example: '0b7f1c4e-4a4c-4d8e-9a77-2f1f0e3b6c11' }) payment_id!: string;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status!: PaymentStatus;
  @ApiProperty({ example: 150.5, description: 'the event price when the seat was held' }) amount!: number;
  @ApiProperty({ example: 'BRL' }) currency!: string;
  @ApiProperty({
    example: 'transaction rejected by gateway',
    nullable: true,
    type: String,
    description: 'why it FAILED: invalid payment data | transaction rejected by gateway | timeout',
  })
  reason!: string | null;
  @ApiProperty({ example: '42' }) event_id!: string;
  @ApiProperty({ example: '2026-11-24T12:00:00.000Z' }) created_at!: string;
  @ApiProperty({ example: '2026-11-24T12:00:01.000Z' }) updated_at!: string;
}
