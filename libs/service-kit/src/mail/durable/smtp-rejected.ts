/**
 * The SMTP server refused the message for good (5xx): retried far less often. Everything else (no
 * connection, dropped session, timeout, 4xx "try later") is an outage: retried at the normal pace.
 */
export function smtpRejected(error: unknown): boolean {
  const code = (error as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500;
}
