import { eventAvailable, toEventView, type EventRow } from './event.record';
import { toTicketTypeView, type TicketTypeRow } from './ticket-type';
import { validWindow } from './ticket-type-rules';

const type = (over: Partial<TicketTypeRow> = {}): TicketTypeRow => ({
  id: 1,
  name: 'General admission',
  price: '10.50',
  capacity: 10,
  sold: 2,
  held: 1,
  refunded: 0,
  revenue: '21.00',
  sale_starts_at: null,
  sale_ends_at: null,
  is_default: true,
  ...over,
});

describe('ticket types in the catalogue', () => {
  it('sums what is left over the types; any unlimited type makes the event unlimited', () => {
    expect(eventAvailable([type(), type({ id: 2, capacity: 5, sold: 5, held: 0 })])).toBe(7);
    expect(eventAvailable([type(), type({ id: 2, capacity: null })])).toBeNull();
    expect(eventAvailable([])).toBe(0);
    expect(toTicketTypeView(type({ capacity: 3, sold: 2, held: 2 })).available).toBe(0);
  });

  it("answers the event's price and capacity from its default type, and the env's defaults", () => {
    const row: EventRow = {
      id: 4,
      name: 'n',
      description: null,
      image_url: null,
      currency: 'BRL',
      event_date: null,
      created_at: 'c',
      updated_at: 'u',
      status: 'ON_SALE',
      cancelled_at: null,
      max_tickets_per_order: null,
      refund_cutoff_hours: 0,
      ticket_types: [type({ id: 9, is_default: false, price: 99, capacity: 1 }), type()],
    };
    const view = toEventView(row, { maxTicketsPerOrder: 10, refundCutoffHours: 24 });
    expect(view).toMatchObject({ price: 10.5, capacity: 10, available: 7, max_tickets_per_order: 10 });
    expect(view.refund_cutoff_hours).toBe(0);
  });

  it('accepts a sale window whose bounds are dates, the start before the end', () => {
    expect(validWindow(undefined, null)).toBe(true);
    expect(validWindow('2030-01-01T00:00:00Z', undefined)).toBe(true);
    expect(validWindow('2030-01-01T00:00:00Z', '2030-01-02T00:00:00Z')).toBe(true);
    expect(validWindow('2030-01-02T00:00:00Z', '2030-01-01T00:00:00Z')).toBe(false);
    expect(validWindow('2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z')).toBe(false);
    expect(validWindow('tomorrow', null)).toBe(false);
    expect(validWindow(5, null)).toBe(false);
  });
});
