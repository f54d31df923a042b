import { ApiProperty } from '@nestjs/swagger';
import { TicketTypeResponse } from './ticket-type.requests';

export class EventResponse {
  @ApiProperty({ example: 42 }) id!: number;
  @ApiProperty({ example: 'Rock in Rio' }) name!: string;
  @ApiProperty({ example: 'Music festival' }) description!: string;
  @ApiProperty({ example: 'https://img.example.com/rir.png' }) image_url!: string;
  @ApiProperty({ example: 'BRL' }) currency!: string;
  @ApiProperty({ example: 150.5 }) price!: number;
  @ApiProperty({ example: '2030-09-26T00:00:00.000Z', nullable: true, type: String }) event_date!:
    string | null;
  @ApiProperty({ example: '2026-11-24T12:00:00.000Z' }) created_at!: string;
  @ApiProperty({ example: '2026-11-24T12:00:00.000Z' }) updated_at!: string;
  @ApiProperty({ example: 1000, nullable: true, type: Number, description: 'null = unlimited' })
  capacity!: number | null;
  @ApiProperty({
    example: 998,
    nullable: true,
    type: Number,
    description: 'the sum over the types (null: a type is unlimited)',
  })
  available!: number | null;
  @ApiProperty({
    type: [TicketTypeResponse],
    description: 'the default type (the event price and capacity) first',
  })
  ticket_types!: TicketTypeResponse[];
  @ApiProperty({ example: 10, description: 'most seats one order may take' }) max_tickets_per_order!: number;
  @ApiProperty({ example: 24, description: 'buyers may refund until this many hours before event_date' })
  refund_cutoff_hours!: number;
  @ApiProperty({ enum: ['ON_SALE', 'CANCELLED'] }) status!: 'ON_SALE' | 'CANCELLED';
  @ApiProperty({ nullable: true, type: String, example: null }) cancelled_at!: string | null;
}

export class PaginationResponse {
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 10 }) size!: number;
  @ApiProperty({ example: 42 }) total!: number;
  @ApiProperty({ example: 5 }) totalPages!: number;
}

export class EventListResponse {
  @ApiProperty({ type: [EventResponse] }) events!: EventResponse[];
  @ApiProperty({ type: PaginationResponse }) pagination!: PaginationResponse;
}
