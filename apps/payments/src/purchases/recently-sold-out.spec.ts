import { RecentlySoldOut } from './recently-sold-out';

describe(RecentlySoldOut.name, () => {
  it('remembers a sold-out event for memoryMs, then forgets it', () => {
    let now = 1000;
    const soldOut = new RecentlySoldOut(500, () => now);
    expect(soldOut.has('42')).toBe(false);
    soldOut.remember('42');
    expect(soldOut.has('42')).toBe(true);
    expect(soldOut.has('43')).toBe(false);
    now += 499;
    expect(soldOut.has('42')).toBe(true);
    now += 1;
    expect(soldOut.has('42')).toBe(false);
  });

  it('remembers nothing with memoryMs 0', () => {
    const soldOut = new RecentlySoldOut(0);
    soldOut.remember('42');
    expect(soldOut.has('42')).toBe(false);
  });
});
