/** What the gateway is asked to charge. `transactionId` is the provider's idempotency key. */
export interface ChargeRequest {
  transactionId: string;
  paymentId: string;
  amount: number;
  currency: string;
  /** The clear token, opened for this call only: never logged, never stored. */
  paymentToken: string;
}

/** What the gateway is asked to give back. `refundId` is the provider's idempotency key. */
export interface RefundRequest {
  refundId: string;
  paymentId: string;
  amount: number;
}

export type ChargeResult = { approved: true } | { approved: false; reason: string };

/**
 * The provider port (an abstract class is its DI token): the simulated gateway today, a real
 * provider later. A real one must honour `transactionId` as its idempotency key, since a redelivered
 * TRANSACTION_CREATED can ask twice.
 */
export abstract class PaymentGateway {
  abstract charge(request: ChargeRequest): Promise<ChargeResult>;
  /** Gives `amount` of the payment's charge back; resolves the provider's refund id, throws to retry. */
  abstract refund(request: RefundRequest): Promise<{ gatewayRefundId: string }>;
}
