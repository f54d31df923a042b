import { ApiProperty } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { Doc, RequestSchema, Rule } from '@event-tickets/service-kit';
import type { NewTicketType, TicketTypeChanges } from './ticket-type';
import {
  SaleWindow,
  TYPE_MESSAGES as M,
  TYPE_RULES,
  validCapacity,
  validName,
  validPrice,
  windowBound,
} from './ticket-type-rules';

const Name = () =>
  Rule({
    name: 'typeName',
    schema: { type: 'string', maxLength: 255 },
    message: M.typeName,
    validate: validName,
  });
const Price = () =>
  Rule({
    name: 'typePrice',
    schema: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 99_999_999.99 },
    message: M.typePrice,
    validate: validPrice,
  });
const Capacity = () =>
  Rule({
    name: 'typeCapacity',
    schema: { type: 'integer', minimum: 1 },
    message: M.typeCapacity,
    validate: validCapacity,
  });
const WINDOW = 'RFC 3339; absent = open; null clears it (on change)';

/** POST /events/admin/:eventId/ticket-types */
@RequestSchema({ firstFailure: TYPE_RULES })
export class AddTicketTypeRequest {
  @Doc({ example: 'VIP' }) @Name() name!: string;
  @Doc({ example: 300 }) @Price() price!: number;
  @Doc({ example: 100, description: 'seats of this type; absent or null = unlimited' })
  @IsOptional()
  @Capacity()
  capacity?: number | null;
  @Doc({ example: '2030-01-01T00:00:00Z', description: WINDOW })
  @IsOptional()
  @SaleWindow()
  sale_starts_at?: string | null;
  @Doc({ example: '2030-09-01T00:00:00Z', description: WINDOW })
  @IsOptional()
  @SaleWindow()
  sale_ends_at?: string | null;
}

/** PUT /events/admin/:eventId/ticket-types/:typeId — every field optional. */
@RequestSchema({ firstFailure: TYPE_RULES })
export class ChangeTicketTypeRequest {
  @Doc({ example: 'VIP' }) @IsOptional() @Name() name?: string | null;
  @Doc({ example: 300 }) @IsOptional() @Price() price?: number | null;
  @Doc({
    example: 100,
    description: 'not below the seats of this type sold + held (409 CAPACITY_BELOW_SOLD)',
  })
  @IsOptional()
  @Capacity()
  capacity?: number | null;
  @Doc({ example: '2030-01-01T00:00:00Z', description: WINDOW })
  @IsOptional()
  @SaleWindow()
  sale_starts_at?: string | null;
  @Doc({ example: '2030-09-01T00:00:00Z', description: WINDOW })
  @IsOptional()
  @SaleWindow()
  sale_ends_at?: string | null;
}

export const newTicketType = (b: AddTicketTypeRequest): NewTicketType => ({
  name: b.name.trim(),
  price: b.price,
  capacity: b.capacity ?? null,
  saleStartsAt: windowBound(b.sale_starts_at) ?? null,
  saleEndsAt: windowBound(b.sale_ends_at) ?? null,
});

export function ticketTypeChanges(b: ChangeTicketTypeRequest): TicketTypeChanges {
  const c: TicketTypeChanges = {};
  if (typeof b.name === 'string') c.name = b.name.trim();
  if (typeof b.price === 'number') c.price = b.price;
  if (typeof b.capacity === 'number') c.capacity = b.capacity;
  if ('sale_starts_at' in b) c.saleStartsAt = windowBound(b.sale_starts_at);
  if ('sale_ends_at' in b) c.saleEndsAt = windowBound(b.sale_ends_at);
  return c;
}

export class TicketTypeResponse {
  @ApiProperty({ example: 7 }) id!: number;
  @ApiProperty({ example: 'VIP' }) name!: string;
  @ApiProperty({ example: 300 }) price!: number;
  @ApiProperty({ example: 100, nullable: true, type: Number, description: 'null = unlimited' })
  capacity!: number | null;
  @ApiProperty({ example: 98, nullable: true, type: Number, description: 'capacity − sold − held' })
  available!: number | null;
  @ApiProperty({ nullable: true, type: String, example: null }) sale_starts_at!: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) sale_ends_at!: string | null;
  @ApiProperty({ description: "the event's own price and capacity" }) is_default!: boolean;
}
