import type { AuthUser } from '@event-tickets/service-kit';
import { mayReadPayment } from './payment-access';

const ana: AuthUser = { id: 'user-ana', email: 'ana@example.com', role: 'PUBLIC' };

describe(mayReadPayment.name, () => {
  it('lets the buying account and admins in', () => {
    expect(mayReadPayment({ user_id: 'user-ana' }, ana)).toBe(true);
    expect(mayReadPayment({ user_id: 'user-ana' }, { id: 'a1', email: 'x@y.z', role: 'ADMIN' })).toBe(true);
  });

  it('keeps out another account with the same email (deleted and registered again)', () => {
    expect(mayReadPayment({ user_id: 'user-ana' }, { ...ana, id: 'user-ana-again' })).toBe(false);
  });

  it("keeps payments without a user id (the original's) for admins", () => {
    expect(mayReadPayment({ user_id: null }, ana)).toBe(false);
    expect(mayReadPayment({ user_id: '' }, { ...ana, id: '' })).toBe(false);
    expect(mayReadPayment({ user_id: null }, { ...ana, role: 'ADMIN' })).toBe(true);
  });
});
