import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@event-tickets/service-kit';
import type { PaymentsEnv } from '../config/payments.env';
import { type ChargeRequest, type ChargeResult, PaymentGateway, type RefundRequest } from './payment-gateway';

export const INVALID_PAYMENT_DATA = 'invalid payment data';
export const REJECTED_BY_GATEWAY = 'transaction rejected by gateway';

/** The original's deterministic rule: "TOKEN123" approves, "ODD12" is rejected. */
export function simulateCharge(paymentToken: string, amount: number): ChargeResult {
  if (paymentToken === '' || !(amount > 0)) return { approved: false, reason: INVALID_PAYMENT_DATA };
  if (paymentToken.length % 2 === 0) return { approved: true };
  return { approved: false, reason: REJECTED_BY_GATEWAY };
}

/**
 * The original's simulation behind the provider port, with a configurable latency for load tests.
 * It charges nothing: production runs it only when PAYMENT_GATEWAY=simulated says so, and every
 * start says it loudly.
 */
@Injectable()
export class SimulatedGateway extends PaymentGateway implements OnApplicationBootstrap {
  private readonly logger = new Logger(SimulatedGateway.name);
  private readonly latencyMs: number;

  constructor(private readonly config: AppConfig<PaymentsEnv>) {
    super();
    this.latencyMs = config.env.GATEWAY_LATENCY_MS;
  }

  onApplicationBootstrap(): void {
    this.logger.warn(
      { gateway: 'simulated', nodeEnv: this.config.env.NODE_ENV },
      'SIMULATED payment gateway: nothing is charged; every even-length payment token is approved, odd-length ones are rejected',
    );
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    return simulateCharge(request.paymentToken, request.amount);
  }

  /** Always approves, as a provider refunding a charge it made; the refund id is the request's key. */
  async refund(request: RefundRequest): Promise<{ gatewayRefundId: string }> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    return { gatewayRefundId: `simulated-refund-${request.refundId}` };
  }
}
