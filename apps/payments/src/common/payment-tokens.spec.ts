import { randomBytes } from 'node:crypto';
import { type AppConfig, KeyRing, SealedValueError } from '@event-tickets/service-kit';
import { REDACTED } from '@event-tickets/telemetry';
import type { PaymentsEnv } from '../config/payments.env';
import { PaymentTokens } from './payment-tokens';

const keys = (kid: string) => `${kid}=${randomBytes(32).toString('base64')}`;
const tokensWith = (text: string) =>
  new PaymentTokens({ env: { PAYMENT_TOKEN_KEYS: KeyRing.parse(text) } } as AppConfig<PaymentsEnv>);

describe(PaymentTokens.name, () => {
  const tokens = tokensWith(keys('k1'));

  it('seals, passes a sealed token on unchanged and opens it', () => {
    const sealed = tokens.seal('TOKEN123');
    expect(sealed).toMatch(/^sealed:v1:k1:/);
    expect(tokens.passOn(sealed)).toBe(sealed);
    expect(tokens.open(sealed)).toBe('TOKEN123');
  });

  it("accepts a clear token (the original's payments, during a hand-over) and seals it when passing it on", () => {
    expect(tokens.open('TOKEN123')).toBe('TOKEN123');
    const passed = tokens.passOn('TOKEN123');
    expect(passed).toMatch(/^sealed:v1:k1:/);
    expect(tokens.open(passed)).toBe('TOKEN123');
  });

  it('refuses a token sealed with an unknown key, an altered one, and a redacted one', () => {
    const foreign = tokensWith(keys('k9')).seal('TOKEN123');
    expect(tokens.passOn(foreign)).toBe(foreign);
    expect(() => tokens.open(foreign)).toThrow(SealedValueError);
    const sealed = tokens.seal('TOKEN123');
    const at = sealed.lastIndexOf(':') + 1;
    const altered = `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`;
    expect(() => tokens.open(altered)).toThrow(SealedValueError);
    expect(() => tokens.open(REDACTED)).toThrow(SealedValueError);
    expect(() => tokens.open(tokens.passOn(REDACTED))).toThrow(SealedValueError);
  });
});
