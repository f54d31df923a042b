import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNumber, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { Doc, RequestSchema, Rule, Trim, trimmed } from '@event-tickets/service-kit';
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
const TICKET_TYPE_ID_MESSAGE = 'ticket_type_id must be a ticket type id: a string of digits or an integer';
/** The most seats one order may ask for here; each event has its own, lower maximum (events checks it). */
export const MAX_ORDER_QUANTITY = 1000;

/** One rule, so that a bad quantity ("x", 0, 1.5) is answered with one message, not three. */
const IsOrderQuantity = () =>
  Rule({
    name: 'isOrderQuantity',
    schema: { type: 'integer', minimum: 1, maximum: MAX_ORDER_QUANTITY },
    message: `quantity must be an integer from 1 to ${MAX_ORDER_QUANTITY}`,
    validate: (value) =>
      Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_ORDER_QUANTITY,
  });

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
      'Optional. When given it must equal the price of one ticket (the event price, or the ticket type price) (409 AMOUNT_MISMATCH otherwise); the amount charged is always that price × quantity, from events.',
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

  @Doc({
    example: 3,
    description:
      "Optional (default 1): seats in the order, all of one ticket type, held together or not at all. Above the event's max_tickets_per_order → 400 QUANTITY_ABOVE_LIMIT.",
  })
  @IsOptional()
  @IsOrderQuantity()
  quantity?: number;

  @Doc({
    oneOf: [{ type: 'string' }, { type: 'integer' }],
    example: '7',
    description: "Optional (default: the event's default ticket type): one of the event's ticket_types ids.",
  })
  @IsOptional()
  @Transform(eventIdString)
  @IsString({ message: TICKET_TYPE_ID_MESSAGE })
  @Matches(EVENT_ID_PATTERN, { message: TICKET_TYPE_ID_MESSAGE })
  ticket_type_id?: string;
}

export class PaymentCreatedResponse {
  @ApiProperty({ example: '0b7f1c4e-4a4c-4d8e-9a77-2f1f0e3b6c11' }) payment_id!: string;
  @ApiProperty({ enum: ['PENDING'] }) status!: 'PENDING';
}

export class PaymentResponse {
  @ApiProperty({ example: '0b7f1c4e-4a4c-4d8e-9a77-2f1f0e3b6c11' }) payment_id!: string;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status!: PaymentStatus;
  @ApiProperty({ example: 451.5, description: 'unit_price × quantity, as events priced the seats when held' })
  amount!: number;
  @ApiProperty({ example: 'BRL' }) currency!: string;
  @ApiProperty({
    example: 'transaction rejected by gateway',
    nullable: true,
    type: String,
    description: 'why it FAILED: invalid payment data | transaction rejected by gateway | timeout',
  })
  reason!: string | null;
  @ApiProperty({ example: '42' }) event_id!: string;
  @ApiProperty({ example: 3, description: 'seats in the order (1 for a purchase without quantity)' })
  quantity!: number;
  @ApiProperty({
    example: '7',
    nullable: true,
    type: String,
    description: "the ticket type ordered; null: the event's default type (a purchase without order fields)",
  })
  ticket_type_id!: string | null;
  @ApiProperty({ example: 'VIP', nullable: true, type: String }) ticket_type_name!: string | null;
  @ApiProperty({ example: 150.5, description: 'the price of one seat' }) unit_price!: number;
  @ApiProperty({ example: 1, description: 'seats refunded so far (POST /payments/:id/refunds)' })
  refunded_quantity!: number;
  @ApiProperty({ example: 150.5, description: 'money refunded so far' }) refunded_amount!: number;
  @ApiProperty({ example: '2026-11-24T12:00:00.000Z' }) created_at!: string;
  @ApiProperty({ example: '2026-11-24T12:00:01.000Z' }) updated_at!: string;
}
