import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Doc, RequestSchema, Rule } from '@event-tickets/service-kit';
import type { HoldStatus } from './hold';

@RequestSchema()
export class HoldSeatRequest {
  @Doc({ example: '0b7f1c4e-4a4c-4d8e-9a77-2f1f0e3b6c11', description: 'the idempotency key' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  payment_id!: string;

  @Doc({
    example: 120,
    description:
      "The hold's length in seconds. Optional: events' HOLD_TTL_SECONDS when absent, and never more than it.",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  ttl_seconds?: number;

  @Doc({
    example: 2,
    description:
      "Optional: seats, all held or none (default 1). Above the event's max_tickets_per_order: 400 QUANTITY_ABOVE_LIMIT.",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  quantity?: number;

  @Doc({
    example: 7,
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    description:
      "Optional: the ticket type's id, a number or a numeric string (default: the event's default type)",
  })
  @IsOptional()
  @Rule({
    name: 'ticketTypeId',
    schema: { pattern: '^[0-9]+$' },
    message: 'ticket_type_id must be a positive integer or a string of digits',
    validate: (v) =>
      (typeof v === 'number' && Number.isInteger(v) && v >= 1) ||
      (typeof v === 'string' && /^\d{1,20}$/.test(v)),
  })
  ticket_type_id?: number | string;
}

@RequestSchema()
export class ReleaseHoldRequest {
  @Doc({
    example: 42,
    description:
      'Optional. The event the caller asked a hold of: with it, an unknown payment is released ahead of its ' +
      'hold (200), so that hold request is refused (409 HOLD_RELEASED) if it still arrives.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  event_id?: number;
}

class HeldEvent {
  @ApiProperty({ example: 42 }) id!: number;
  @ApiProperty({ example: 'Rock in Rio' }) name!: string;
  @ApiProperty({ example: 'Music festival' }) description!: string;
  @ApiProperty({ example: 'https://img.example.com/rir.png' }) image_url!: string;
  @ApiProperty({ example: 150.5, description: 'the authoritative price' }) price!: number;
  @ApiProperty({ example: 'BRL' }) currency!: string;
  @ApiProperty({ example: '2030-09-26T00:00:00.000Z', nullable: true, type: String }) event_date!:
    string | null;
  @ApiProperty({ example: 24, description: 'buyers may refund until this many hours before event_date' })
  refund_cutoff_hours!: number;
}

class HeldType {
  @ApiProperty({ example: 7 }) id!: number;
  @ApiProperty({ example: 'General admission' }) name!: string;
}

export class HoldResponse {
  @ApiProperty() payment_id!: string;
  @ApiProperty({ example: 42 }) event_id!: number;
  @ApiProperty({ enum: ['HELD', 'SOLD'] }) status!: HoldStatus;
  @ApiProperty({ example: '2026-11-24T12:15:00.000Z', description: 'when an unconfirmed hold is released' })
  expires_at!: string;
  @ApiProperty({ example: 2, description: 'seats of this hold' }) quantity!: number;
  @ApiProperty({ type: HeldType, nullable: true }) ticket_type!: HeldType | null;
  @ApiProperty({ type: HeldEvent, description: "`price` is the type's unit price" }) event!: HeldEvent;
}

export class ConfirmResponse {
  @ApiProperty() payment_id!: string;
  @ApiProperty({ enum: ['SOLD'] }) status!: 'SOLD';
}

export class ExtendResponse {
  @ApiProperty() payment_id!: string;
  @ApiProperty({ enum: ['HELD', 'SOLD'] }) status!: HoldStatus;
  @ApiProperty({ example: '2026-11-24T12:15:00.000Z' }) expires_at!: string;
}

export class ReleaseResponse {
  @ApiProperty() payment_id!: string;
  @ApiProperty({ enum: ['RELEASED'] }) status!: 'RELEASED';
}
