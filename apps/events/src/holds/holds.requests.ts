import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Doc, RequestSchema } from '@event-tickets/service-kit';
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
}

export class HoldResponse {
  @ApiProperty() payment_id!: string;
  @ApiProperty({ example: 42 }) event_id!: number;
  @ApiProperty({ enum: ['HELD', 'SOLD'] }) status!: HoldStatus;
  @ApiProperty({ example: '2026-11-24T12:15:00.000Z', description: 'when an unconfirmed hold is released' })
  expires_at!: string;
  @ApiProperty({ type: HeldEvent }) event!: HeldEvent;
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
