import { ApiProperty } from '@nestjs/swagger';

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
  @ApiProperty({ example: 998, nullable: true, type: Number, description: 'capacity − sold − held' })
  available!: number | null;
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
