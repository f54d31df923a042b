import { breakdown, conversionRate, rated } from './lead-stats';

describe('lead stats', () => {
  it('rates conversion as a ratio with 4 decimals, 0 without leads', () => {
    expect(conversionRate(1, 3)).toBe(0.3333);
    expect(conversionRate(2, 3)).toBe(0.6667);
    expect(conversionRate(3, 3)).toBe(1);
    expect(conversionRate(0, 0)).toBe(0);
    expect(rated({ total: 4, converted: 1 })).toEqual({ total: 4, converted: 1, conversionRate: 0.25 });
  });

  it('lists every bucket when nothing was left out', () => {
    const rows = breakdown(
      [
        { key: 'facebook', total: 3, converted: 1 },
        { key: null, total: 1, converted: 1 },
      ],
      { total: 4, converted: 2 },
      false,
    );
    expect(rows).toEqual([
      { key: 'facebook', total: 3, converted: 1, conversionRate: 0.3333 },
      { key: null, total: 1, converted: 1, conversionRate: 1 },
    ]);
  });

  it('sums what was left out into one other entry, so the entries add up to the total', () => {
    const rows = breakdown([{ key: 'a', total: 5, converted: 2 }], { total: 8, converted: 3 }, true);
    expect(rows).toEqual([
      { key: 'a', total: 5, converted: 2, conversionRate: 0.4 },
      { key: '(other)', other: true, total: 3, converted: 1, conversionRate: 0.3333 },
    ]);
    expect(rows.reduce((n, r) => n + r.total, 0)).toBe(8);
  });
});
