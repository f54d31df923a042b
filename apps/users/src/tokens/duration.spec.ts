import { parseDuration } from './duration';

describe(parseDuration.name, () => {
  it('reads a unit-less value as seconds (the original read it as milliseconds)', () => {
    expect(parseDuration('3600')).toBe(3600);
  });
  it('reads durations', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('30m')).toBe(1800);
    expect(parseDuration('1h')).toBe(3600);
    expect(parseDuration('7D')).toBe(604800);
  });
  it('refuses what it cannot read', () => {
    for (const v of ['', '0', '-5', '1.5h', '1w', 'soon']) expect(parseDuration(v)).toBeUndefined();
  });
});
