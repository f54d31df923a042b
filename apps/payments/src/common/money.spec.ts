import { orderAmount, sameAmount, toCents } from './money';

describe(sameAmount.name, () => {
  it('compares amounts to the cent, whatever the float noise', () => {
    expect(sameAmount(0.1 + 0.2, 0.3)).toBe(true);
    expect(sameAmount(150.5, 150.5)).toBe(true);
    expect(sameAmount(150.5, 150.49)).toBe(false);
    expect(sameAmount(0, 0)).toBe(true);
    expect(toCents(19.99)).toBe(1999);
  });
});

describe(orderAmount.name, () => {
  it('is the unit price times the quantity, exact to the cent', () => {
    expect(orderAmount(150.5, 3)).toBe(451.5);
    expect(orderAmount(0.1, 3)).toBe(0.3);
    expect(orderAmount(19.99, 7)).toBe(139.93);
    expect(orderAmount(33.33, 1000)).toBe(33330);
    expect(orderAmount(150.5, 1)).toBe(150.5);
  });
});
