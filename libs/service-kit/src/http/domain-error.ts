/**
 * Business rules fail with a DomainError carrying a code; each feature maps its codes to HTTP
 * statuses (`satisfies Record<Code, number>`), and the global filter applies the map.
 */
export class DomainError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly status: number,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Builds a feature's error factory from its code → status map. */
export function domainErrors<C extends string>(statuses: Record<C, number>) {
  return (code: C, message: string, details?: Record<string, unknown>) =>
    new DomainError<C>(code, message, statuses[code], details);
}
