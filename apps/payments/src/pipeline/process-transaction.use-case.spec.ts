import { randomBytes } from 'node:crypto';
import { Payments } from '@event-tickets/contracts';
import { type AppConfig, KeyRing, type OutgoingMessage, type Transaction } from '@event-tickets/service-kit';
import type { PaymentRow } from '../common/payment-status';
import { PaymentTokens } from '../common/payment-tokens';
import type { PaymentsRepository } from '../common/payments.repository';
import type { PaymentsEnv } from '../config/payments.env';
import type { ChargeRequest, PaymentGateway } from '../gateway/payment-gateway';
import { INVALID_PAYMENT_DATA, simulateCharge } from '../gateway/simulated-gateway';
import { ProcessTransactionUseCase } from './process-transaction.use-case';
import type { TransactionsRepository } from './transactions.repository';

const ring = (kid: string) => KeyRing.parse(`${kid}=${randomBytes(32).toString('base64')}`);
const tokens = new PaymentTokens({ env: { PAYMENT_TOKEN_KEYS: ring('k1') } } as AppConfig<PaymentsEnv>);
const payment = {
  id: 'p1',
  status: 'PENDING',
  amount: '10.00',
  currency: 'BRL',
  user_email: 'ana@example.com',
  event_id: '42',
} as PaymentRow;

/** The use case on fakes: what the gateway was asked, how the transaction settled, what was published. */
async function process(paymentToken: string) {
  const charged: ChargeRequest[] = [];
  const settled: unknown[][] = [];
  const published: OutgoingMessage[] = [];
  const useCase = new ProcessTransactionUseCase(
    {
      lock: async () => ({ id: 't1', payment_id: 'p1', status: 'PENDING' }),
      settle: async (...args: unknown[]) => void settled.push(args.slice(1)),
    } as unknown as TransactionsRepository,
    { find: async () => payment } as unknown as PaymentsRepository,
    {
      charge: async (request: ChargeRequest) => {
        charged.push(request);
        return simulateCharge(request.paymentToken, request.amount);
      },
    } as PaymentGateway,
    tokens,
  );
  const tx = { publish: async (m: OutgoingMessage) => void published.push(m) } as unknown as Transaction;
  const message = Payments.TransactionCreatedV1.create({
    transaction_id: 't1',
    payment_id: 'p1',
    user_email: 'ana@example.com',
    event_id: '42',
    amount: 10,
    payment_token: paymentToken,
  });
  await useCase.execute(message, tx);
  return { charged, settled, published };
}

describe('ProcessTransactionUseCase: the sealed payment token', () => {
  it('opens a sealed token for the gateway call only', async () => {
    const { charged, settled, published } = await process(tokens.seal('TOKEN123'));
    expect(charged.map((c) => c.paymentToken)).toEqual(['TOKEN123']);
    expect(settled).toEqual([['t1', 'SUCCESS', null]]);
    expect(published.map((m) => m.type)).toEqual([Payments.TransactionSucceededV1.type]);
  });

  it("charges a clear token (the original's payments, during a hand-over)", async () => {
    const { charged, settled } = await process('ODD12');
    expect(charged.map((c) => c.paymentToken)).toEqual(['ODD12']);
    expect(settled).toEqual([['t1', 'FAILED', 'transaction rejected by gateway']]);
  });

  it('fails the payment cleanly, without a gateway call, when the token cannot be opened', async () => {
    const sealed = tokens.seal('TOKEN123');
    const at = sealed.lastIndexOf(':') + 1;
    for (const unopenable of [
      new PaymentTokens({ env: { PAYMENT_TOKEN_KEYS: ring('k9') } } as AppConfig<PaymentsEnv>).seal(
        'TOKEN123',
      ),
      `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`,
    ]) {
      const { charged, settled, published } = await process(unopenable);
      expect(charged).toEqual([]);
      expect(settled).toEqual([['t1', 'FAILED', INVALID_PAYMENT_DATA]]);
      expect(published.map((m) => [m.type, m.payload.reason])).toEqual([
        [Payments.TransactionFailedV1.type, INVALID_PAYMENT_DATA],
      ]);
    }
  });
});
