import { Injectable } from '@nestjs/common';
import { AppConfig, isSealed, type KeyRing, SealedValueError } from '@event-tickets/service-kit';
import { REDACTED } from '@event-tickets/telemetry';
import type { PaymentsEnv } from '../config/payments.env';

/** The sealed value's purpose (authenticated with it): a sealed token opens as nothing else. */
const PURPOSE = 'payment_token';

/**
 * The buyer's payment token is sealed (PAYMENT_TOKEN_KEYS) before it is written anywhere, travels
 * sealed through PAYMENT_CREATED and TRANSACTION_CREATED, and is opened only for the gateway call.
 * A token without the `sealed:` prefix is clear: the original's payments publishes it so during a
 * hand-over, and it is accepted, and sealed when passed on.
 */
@Injectable()
export class PaymentTokens {
  private readonly ring: KeyRing;

  constructor(config: AppConfig<PaymentsEnv>) {
    this.ring = config.env.PAYMENT_TOKEN_KEYS;
  }

  seal(clear: string): string {
    return this.ring.seal(clear, PURPOSE);
  }

  /** The token to pass on: as it came when sealed (even with a key this ring lacks), sealed now when clear. */
  passOn(token: string): string {
    return isSealed(token) ? token : this.seal(token);
  }

  /**
   * The clear token, for the gateway only. Throws SealedValueError (never holding the value) when
   * it cannot be opened, or when it is the placeholder a dead letter carries instead of a token.
   */
  open(token: string): string {
    const clear = isSealed(token) ? this.ring.open(token, PURPOSE) : token;
    if (clear === REDACTED) throw new SealedValueError('the token was redacted (a replayed dead letter)');
    return clear;
  }
}
