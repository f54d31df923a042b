import type { AuthUser } from '@event-tickets/service-kit';
import type { ClientRow } from './client.record';

/**
 * A client record is read by the account it belongs to (the buying account of its latest purchase
 * through our payments) or by an admin. A record without an account (the original's, or one an admin
 * created) is for admins only: its email may now belong to another account, since an email can be
 * deleted and registered again.
 */
export function mayReadClient(client: Pick<ClientRow, 'user_id'>, caller: AuthUser): boolean {
  return caller.role === 'ADMIN' || (!!client.user_id && client.user_id === caller.id);
}
