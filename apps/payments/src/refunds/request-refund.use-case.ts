import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type AuthUser, isUniqueViolation, type Transaction, UnitOfWork } from '@event-tickets/service-kit';
import type { RefundRow } from './refund';
import { RefundProcessor } from './refund-processor';
import { refundsError, VOID_MESSAGES } from './refunds.errors';
import { RefundsRepository } from './refunds.repository';
import { TicketsUnavailable } from './tickets.client';
import { RefundsWorker } from './refunds.worker';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The worker leaves a live request's refund alone this long (the request finishes it itself). */
export const REQUEST_GRACE_MS = 30_000;

export interface RefundAnswer {
  statusCode: 201 | 202;
  body: {
    refund_id: string;
    payment_id: string;
    status: 'COMPLETED' | 'REQUESTED';
    quantity: number;
    amount: number;
    passports: string[];
    payment_status: string;
  };
}

/**
 * POST /payments/:id/refunds. The buyer until the order's refund cutoff, or an admin at any time;
 * one refund of an order at a time. When tickets cannot be reached the refund stays REQUESTED and
 * the worker finishes it (202).
 */
@Injectable()
export class RequestRefundUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly refunds: RefundsRepository,
    private readonly processor: RefundProcessor,
    private readonly worker: RefundsWorker,
  ) {}

  async execute(paymentId: string, caller: AuthUser, passports?: string[]): Promise<RefundAnswer> {
    if (!UUID.test(paymentId)) throw refundsError('INVALID_PAYMENT_ID', 'the payment id must be a UUID');
    const refund = await this.uow.run((tx) => this.open(tx, paymentId.toLowerCase(), caller, passports));
    let outcome;
    try {
      outcome = await this.processor.run(refund);
    } catch (error) {
      if (!(error instanceof TicketsUnavailable)) throw error;
      this.worker.kick();
      return this.answer(202, (await this.refunds.find(refund.id)) ?? refund);
    }
    if (outcome.outcome !== 'completed') throw refundsError(outcome.code, VOID_MESSAGES[outcome.code]);
    return this.answer(201, outcome.refund);
  }

  private async open(
    tx: Transaction,
    paymentId: string,
    caller: AuthUser,
    passports?: string[],
  ): Promise<RefundRow> {
    const payment = await this.refunds.lockPayment(tx, paymentId);
    if (!payment) throw refundsError('PAYMENT_NOT_FOUND', 'payment is not found');
    const isBuyer = !!payment.user_id && payment.user_id === caller.id;
    const isAdmin = caller.role === 'ADMIN';
    if (!isBuyer && !isAdmin) throw refundsError('NOT_YOUR_PAYMENT', "another user's payment");
    if (payment.status === 'REFUNDED')
      throw refundsError('ALREADY_REFUNDED', 'the order is refunded already');
    if (payment.status !== 'SUCCESS' && payment.status !== 'PARTIALLY_REFUNDED')
      throw refundsError('NOT_REFUNDABLE', `a ${payment.status} payment cannot be refunded`);
    if (!isAdmin && payment.refundable_until && payment.refundable_until.getTime() <= Date.now())
      throw refundsError('REFUND_CUTOFF_PASSED', 'refunds of this event have closed', {
        refundable_until: payment.refundable_until.toISOString(),
      });
    try {
      return await this.refunds.insert(tx, {
        id: randomUUID(),
        paymentId,
        reason: isBuyer ? 'buyer' : 'admin',
        requestedBy: caller.id,
        passports: passports ?? null,
        dueInMs: REQUEST_GRACE_MS,
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw refundsError('REFUND_IN_PROGRESS', 'another refund of this order is in progress');
      throw error;
    }
  }

  private async answer(statusCode: 201 | 202, refund: RefundRow): Promise<RefundAnswer> {
    const paymentStatus = (await this.refunds.paymentStatus(refund.payment_id)) ?? '';
    return {
      statusCode,
      body: {
        refund_id: refund.id,
        payment_id: refund.payment_id,
        status: statusCode === 201 ? 'COMPLETED' : 'REQUESTED',
        quantity: refund.quantity,
        amount: Number(refund.amount),
        passports: refund.voided_passports ?? refund.passports ?? [],
        payment_status: paymentStatus,
      },
    };
  }
}
