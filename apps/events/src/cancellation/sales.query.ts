import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Database } from '@event-tickets/service-kit';
import { eventNotFound } from '../catalogue/catalogue.errors';
import { TYPE_ORDER } from '../catalogue/catalogue.sql';
import { typeAvailable } from '../catalogue/ticket-type';

class TypeSales {
  @ApiProperty({ example: 7 }) id!: number;
  @ApiProperty({ example: 'VIP' }) name!: string;
  @ApiProperty({ example: 300 }) price!: number;
  @ApiProperty({ example: 100, nullable: true, type: Number }) capacity!: number | null;
  @ApiProperty({ example: 40 }) sold!: number;
  @ApiProperty({ example: 2 }) held!: number;
  @ApiProperty({ example: 3, description: 'seats sold and then refunded (back on sale)' }) refunded!: number;
  @ApiProperty({ example: 58, nullable: true, type: Number }) available!: number | null;
  @ApiProperty({ example: 12000, description: 'what the sold seats were sold for, net of refunds' })
  revenue!: number;
}

class SalesTotals {
  @ApiProperty({ example: 40 }) sold!: number;
  @ApiProperty({ example: 2 }) held!: number;
  @ApiProperty({ example: 3 }) refunded!: number;
  @ApiProperty({ example: 12000 }) revenue!: number;
}

export class SalesResponse {
  @ApiProperty({ example: 42 }) event_id!: number;
  @ApiProperty({ enum: ['ON_SALE', 'CANCELLED'] }) status!: string;
  @ApiProperty({ example: 'BRL' }) currency!: string;
  @ApiProperty({ type: [TypeSales] }) types!: TypeSales[];
  @ApiProperty({ type: SalesTotals }) totals!: SalesTotals;
}

interface Row {
  status: string;
  currency: string;
  id: number;
  name: string;
  price: string;
  capacity: number | null;
  sold: number;
  held: number;
  refunded: number;
  revenue: string;
}

/** Cents, so that sums of prices stay exact. */
const cents = (v: string) => Math.round(Number(v) * 100);

/** Query (ADMIN): an event's seats and revenue per type, and their totals. */
@Injectable()
export class SalesQuery {
  constructor(private readonly db: Database) {}

  async execute(eventId: number | undefined): Promise<SalesResponse> {
    if (eventId === undefined) throw eventNotFound();
    const rows = await this.db.query<Row>(
      `SELECT e.status, e.currency, t.id, t.name, t.price, t.capacity, t.sold, t.held, t.refunded, t.revenue
       FROM events e JOIN ticket_types t ON t.event_id = e.id WHERE e.id = $1 ORDER BY ${TYPE_ORDER('t')}`,
      [eventId],
    );
    if (!rows.length) throw eventNotFound();
    const types = rows.map((r) => ({
      id: r.id,
      name: r.name,
      price: Number(r.price),
      capacity: r.capacity,
      sold: r.sold,
      held: r.held,
      refunded: r.refunded,
      available: typeAvailable(r),
      revenue: Number(r.revenue),
    }));
    const sum = (f: (r: Row) => number) => rows.reduce((n, r) => n + f(r), 0);
    return {
      event_id: eventId,
      status: rows[0]!.status,
      currency: rows[0]!.currency,
      types,
      totals: {
        sold: sum((r) => r.sold),
        held: sum((r) => r.held),
        refunded: sum((r) => r.refunded),
        revenue: sum((r) => cents(r.revenue)) / 100,
      },
    };
  }
}
