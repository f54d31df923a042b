/**
 * Tracing start-up. The OpenTelemetry NodeSDK is wired here by the observability work; until then
 * this only records whether tracing was requested, so that every entry point already has the hook.
 */
let started = false;

export function startTracing(): void {
  if (started) return;
  started = true;
}

export function tracingStarted(): boolean {
  return started;
}
