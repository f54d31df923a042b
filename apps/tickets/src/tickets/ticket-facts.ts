/**
 * One ticket per purchase: the payment when the producer names it (ours do), else the message itself
 * (the original clients service sends no payment id; its Kafka key, a random UUID, identifies the
 * message, so a redelivery of that message is the same purchase).
 */
export function purchaseKey(paymentId: string | undefined, messageId: string): string {
  const payment = paymentId?.trim();
  return payment ? `payment:${payment}` : `message:${messageId}`;
}

/** The event date when the producer sent a readable one; anything else is "not known". */
export function eventDateOf(raw: string | undefined): Date | undefined {
  if (!raw?.trim()) return undefined;
  const date = new Date(raw.trim());
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The key of one seat of a purchase: the first seat keeps the purchase key (so a redelivery of a
 * message from before orders still finds its ticket), seat n > 1 is `<purchase key>:seat:<n>`.
 */
export function seatKey(purchase: string, seat: number): string {
  return seat === 1 ? purchase : `${purchase}:seat:${seat}`;
}
