import type { EntityManager } from 'typeorm';
import type { Transaction, UnitOfWork } from '@event-tickets/service-kit';

/** Runs `work` in the caller's transaction (a consumer's, with its inbox row) or in a new one. */
export function inTransaction<T>(
  uow: UnitOfWork,
  tx: Transaction | undefined,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return tx ? work(tx.manager) : uow.run((own) => work(own.manager));
}
