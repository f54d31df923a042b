/** Amounts are NUMERIC(12,2): compare them in cents, never as floats. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export function sameAmount(a: number, b: number): boolean {
  return toCents(a) === toCents(b);
}

/** The price of `quantity` seats at `unitPrice`, exact to the cent (0.1 × 3 is 0.3, not 0.30000000000000004). */
export function orderAmount(unitPrice: number, quantity: number): number {
  return (toCents(unitPrice) * quantity) / 100;
}
