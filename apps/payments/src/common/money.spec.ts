import { sameAmount, toCents } from './money';

describe(sameAmount.name, () => {
  it('compares amounts to the cent, whatever the float noise', () => {
    expect(sameAmount(0.1 + 0.2, 0.3)).toBe(true);
    expect(sameAmount(150.5, 150.5)).toBe(true);
    expect(sameAmount(150.5, 150.49)).toBe(false);
    expect(sameAmount(0, 0)).toBe(true);
    expect(toCents(19.99)).toBe(1999);
  });
});
