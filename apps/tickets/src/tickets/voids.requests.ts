import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Doc, RequestSchema, Rule } from '@event-tickets/service-kit';

const MAX_PASSPORTS = 1000;

/**
 * A list of passports: strings, at most MAX_PASSPORTS of them. The kit's rule schemas name scalar
 * types only; an array schema is what OpenAPI (and Nest's ApiProperty, which receives it) expects.
 */
const LIST_SCHEMA = {
  type: 'array',
  items: { type: 'string', maxLength: 64 },
  maxItems: MAX_PASSPORTS,
} as unknown as Parameters<typeof Rule>[0]['schema'];

const PassportList = () =>
  Rule({
    name: 'passportList',
    schema: LIST_SCHEMA,
    message: `passports must be a list of at most ${MAX_PASSPORTS} ticket codes (strings)`,
    validate: (value) =>
      Array.isArray(value) &&
      value.length <= MAX_PASSPORTS &&
      value.every((p) => typeof p === 'string' && p.length > 0 && p.length <= 64),
  });

/** `POST /internal/payments/:paymentId/voids`: payments voids tickets of an order for a refund. */
@RequestSchema()
export class VoidTicketsRequest {
  @Doc({ example: '6f1d2c3b-9a8e-4f7d-8c6b-5a4e3d2c1b0a', description: 'the refund: the idempotency key' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  refund_id!: string;

  @Doc({
    example: ['3f1c8a52-7d0e-4d5b-9b1e-2a6f0c9d8e71'],
    description:
      'Optional: the tickets to void, all or none. Absent or empty: every ticket of the order not checked in.',
  })
  @IsOptional()
  @PassportList()
  passports?: string[];
}

export class VoidTicketsResponse {
  @ApiProperty({ type: [String], description: 'the tickets this refund voided (now or by an earlier call)' })
  passports!: string[];
  @ApiProperty({ example: 1, description: 'how many: the seats the refund gives back' })
  quantity!: number;
}
