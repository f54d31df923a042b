import { Logger } from '@nestjs/common';
import type { AppConfig } from '@event-tickets/service-kit';
import type { PaymentsEnv } from '../config/payments.env';
import {
  INVALID_PAYMENT_DATA,
  REJECTED_BY_GATEWAY,
  SimulatedGateway,
  simulateCharge,
} from './simulated-gateway';

describe(simulateCharge.name, () => {
  it("approves an even-length token (the original's TOKEN123)", () => {
    expect(simulateCharge('TOKEN123', 150.5)).toEqual({ approved: true });
    expect(simulateCharge('ab', 0.01)).toEqual({ approved: true });
  });

  it("rejects an odd-length token (the original's ODD12)", () => {
    expect(simulateCharge('ODD12', 150.5)).toEqual({ approved: false, reason: REJECTED_BY_GATEWAY });
    expect(REJECTED_BY_GATEWAY).toBe('transaction rejected by gateway');
  });

  it('fails an empty token or an amount of zero or less as invalid payment data', () => {
    expect(simulateCharge('', 10)).toEqual({ approved: false, reason: INVALID_PAYMENT_DATA });
    expect(simulateCharge('TOKEN123', 0)).toEqual({ approved: false, reason: INVALID_PAYMENT_DATA });
    expect(simulateCharge('TOKEN123', -1)).toEqual({ approved: false, reason: INVALID_PAYMENT_DATA });
    expect(simulateCharge('TOKEN123', Number.NaN)).toEqual({ approved: false, reason: INVALID_PAYMENT_DATA });
    expect(INVALID_PAYMENT_DATA).toBe('invalid payment data');
  });
});

describe(SimulatedGateway.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('warns at start that it charges nothing and approves even-length tokens', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const config = { env: { GATEWAY_LATENCY_MS: 0, NODE_ENV: 'production' } } as AppConfig<PaymentsEnv>;
    new SimulatedGateway(config).onApplicationBootstrap();
    expect(warn).toHaveBeenCalledWith(
      { gateway: 'simulated', nodeEnv: 'production' },
      expect.stringMatching(/SIMULATED payment gateway: nothing is charged; every even-length .* approved/),
    );
  });
});
