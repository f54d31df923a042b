import { mayReadClient } from './client-access';

const ana = { id: 'user-ana', email: 'ana@example.com', role: 'PUBLIC' as const };

describe(mayReadClient.name, () => {
  it('lets the account the client belongs to and admins in', () => {
    expect(mayReadClient({ user_id: 'user-ana' }, ana)).toBe(true);
    expect(mayReadClient({ user_id: 'user-ana' }, { id: 'a1', email: 'a@x.y', role: 'ADMIN' })).toBe(true);
  });

  it('keeps out another account with the same email (deleted and registered again)', () => {
    expect(mayReadClient({ user_id: 'user-ana' }, { ...ana, id: 'user-ana-again' })).toBe(false);
  });

  it('keeps a client without an account (the original, or created by an admin) for admins', () => {
    expect(mayReadClient({ user_id: null }, ana)).toBe(false);
    expect(mayReadClient({ user_id: '' }, { ...ana, id: '' })).toBe(false);
    expect(mayReadClient({ user_id: null }, { ...ana, role: 'ADMIN' })).toBe(true);
  });
});
