import type { OutgoingMessage, Transaction } from '@event-tickets/service-kit';
import type { RefundablePayment, RefundRow } from '../refund';
import { refundedStatus } from '../refund';
import type { NewRefund } from '../refunds.repository';
import { TicketsUnavailable, type VoidResult } from '../tickets.client';

export const P1 = '00000000-0000-4000-8000-000000000001';

/** An in-memory `refunds`/`payments` store with the two unique indexes of the real tables. */
export class FakeRefundStore {
  payments = new Map<string, RefundablePayment>();
  refunds = new Map<string, RefundRow>();
  cancelled = new Set<string>();

  lockPayment = async (_sql: unknown, id: string) => this.payments.get(id) && { ...this.payments.get(id)! };
  findPayment = async (id: string) => this.payments.get(id);
  paymentStatus = async (id: string) => this.payments.get(id)?.status;
  find = async (id: string) => this.refunds.get(id) && { ...this.refunds.get(id)! };

  async insert(_sql: unknown, r: NewRefund): Promise<RefundRow> {
    for (const row of this.refunds.values()) {
      const clash =
        row.payment_id === r.paymentId &&
        (['REQUESTED', 'VOIDED'].includes(row.status) ||
          (row.reason === 'event_cancelled' && r.reason === 'event_cancelled'));
      if (clash) throw Object.assign(new Error('duplicate key'), { code: '23505' });
    }
    const row: RefundRow = {
      id: r.id,
      payment_id: r.paymentId,
      reason: r.reason,
      requested_by: r.requestedBy,
      passports: r.passports,
      voided_passports: null,
      quantity: r.voided?.quantity ?? 0,
      amount: (r.voided?.amount ?? 0).toFixed(2),
      status: r.voided ? 'VOIDED' : 'REQUESTED',
      rejected_code: null,
      gateway_refund_id: null,
      attempts: 0,
      created_at: new Date(),
      updated_at: new Date(),
    };
    this.refunds.set(row.id, row);
    return { ...row };
  }

  async voided(_sql: unknown, id: string, v: { quantity: number; amount: number; passports: string[] }) {
    const row = this.refunds.get(id)!;
    if (row.status !== 'REQUESTED') return false;
    Object.assign(row, {
      status: 'VOIDED',
      quantity: v.quantity,
      amount: v.amount.toFixed(2),
      voided_passports: v.passports,
    });
    return true;
  }

  async rejected(_sql: unknown, id: string, code: string) {
    const row = this.refunds.get(id)!;
    if (row.status !== 'REQUESTED') return false;
    Object.assign(row, { status: 'REJECTED', rejected_code: code });
    return true;
  }

  async completed(_sql: unknown, id: string, gatewayRefundId: string) {
    const row = this.refunds.get(id)!;
    if (row.status !== 'VOIDED') return undefined;
    Object.assign(row, { status: 'COMPLETED', gateway_refund_id: gatewayRefundId });
    return { ...row };
  }

  async applyToPayment(_sql: unknown, payment: RefundablePayment, quantity: number, amount: number) {
    const row = this.payments.get(payment.id)!;
    row.refunded_quantity += quantity;
    row.refunded_amount = (Number(row.refunded_amount) + amount).toFixed(2);
    row.status = refundedStatus(row.quantity, row.refunded_quantity);
    return { ...row };
  }

  async revive(_sql: unknown, id: string) {
    const row = this.payments.get(id)!;
    if (row.status !== 'FAILED') return undefined;
    Object.assign(row, { status: 'SUCCESS', reason: null });
    return { ...row };
  }

  lockEvent = async () => undefined;
  isEventCancelled = async (_sql: unknown, eventId: string) => this.cancelled.has(eventId);
  recordCancellation = async (_sql: unknown, eventId: string) => void this.cancelled.add(eventId);

  async insertCancellationRefunds(_sql: unknown, eventId: string, paymentId?: string) {
    let n = 0;
    for (const p of this.payments.values()) {
      if (p.event_id !== eventId || !['SUCCESS', 'PARTIALLY_REFUNDED'].includes(p.status)) continue;
      if (paymentId && p.id !== paymentId) continue;
      try {
        await this.insert(null, {
          id: `cancel-${p.id}`,
          paymentId: p.id,
          reason: 'event_cancelled',
          requestedBy: null,
          passports: null,
          dueInMs: 0,
        });
        n += 1;
      } catch {
        // conflict: skipped, as ON CONFLICT DO NOTHING
      }
    }
    return n;
  }

  claimDue = async () =>
    [...this.refunds.values()]
      .filter((r) => ['REQUESTED', 'VOIDED'].includes(r.status))
      .map((r) => ({ ...r }));
  retryLater = jest.fn(async () => undefined);
}

/** A unit of work whose transactions collect the messages they publish. */
export class FakeUnitOfWork {
  published: OutgoingMessage[] = [];
  run = async <T>(work: (tx: Transaction) => Promise<T>): Promise<T> => work(this.tx());
  tx(): Transaction {
    return {
      query: async () => [],
      execute: async () => 0,
      prepared: async () => [],
      publish: async (...messages: OutgoingMessage[]) => void this.published.push(...messages),
    } as Transaction;
  }
}

/** tickets' voids: every passport of the order, its answer per refund id (idempotent), or a refusal. */
export class FakeTickets {
  refusal?: VoidResult & { voided: false };
  down = false;
  calls = 0;
  constructor(public tickets: Map<string, string[]> = new Map()) {}

  includeCheckedIn: boolean[] = [];

  async void(
    paymentId: string,
    _refundId: string,
    passports: string[] | null,
    includeCheckedIn = false,
  ): Promise<VoidResult> {
    this.calls += 1;
    this.includeCheckedIn.push(includeCheckedIn);
    if (this.down) throw new TicketsUnavailable('down');
    if (this.refusal) return this.refusal;
    const left = this.tickets.get(paymentId) ?? [];
    const chosen = passports ?? left;
    if (chosen.some((p) => !left.includes(p))) return { voided: false, code: 'TICKET_NOT_FOUND' };
    if (!chosen.length) return { voided: false, code: 'NOTHING_TO_REFUND' };
    this.tickets.set(
      paymentId,
      left.filter((p) => !chosen.includes(p)),
    );
    return { voided: true, passports: chosen, quantity: chosen.length };
  }
}

export function paidOrder(overrides: Partial<RefundablePayment> = {}): RefundablePayment {
  return {
    id: P1,
    user_id: 'buyer-1',
    user_email: 'ana@example.com',
    user_name: 'Ana',
    user_language: 'en',
    status: 'SUCCESS',
    event_id: '7',
    amount: '100.00',
    currency: 'BRL',
    reason: null,
    event_name: 'Fest',
    event_description: '',
    event_image_url: '',
    event_date: null,
    deadline_at: null,
    created_at: new Date(),
    updated_at: new Date(),
    quantity: 3,
    ticket_type_id: '11',
    ticket_type_name: 'VIP',
    unit_price: '33.33',
    refundable_until: null,
    refunded_quantity: 0,
    refunded_amount: '0',
    ...overrides,
  } as RefundablePayment;
}
