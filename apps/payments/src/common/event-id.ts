/**
 * An event id as payments takes it: digits only, as events' integer ids are written. The id goes
 * into events' URL path, so anything else (`..`, `.`, a slash, `%2e%2e`) must never get that far.
 */
export const EVENT_ID_PATTERN = /^\d{1,20}$/;

export const isEventId = (value: string): boolean => EVENT_ID_PATTERN.test(value);
