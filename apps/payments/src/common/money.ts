/** Amounts are NUMERIC(12,2): compare them in cents, never as floats. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export function sameAmount(a: number, b: number): boolean {
  return toCents(a) === toCents(b);
}
