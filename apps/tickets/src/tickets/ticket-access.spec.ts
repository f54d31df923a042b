import { assertMayManage, listingScope, mayAccess } from './ticket-access';

const ana = { id: 'user-ana', email: 'Ana@Example.com', role: 'PUBLIC' as const };
const admin = { id: 'a1', email: 'admin@example.com', role: 'ADMIN' as const };
const staff = { id: 's1', email: 'door@example.com', role: 'STAFF' as const };

describe('ticket access', () => {
  it('lets the owning account and admins in', () => {
    expect(mayAccess(ana, { userId: 'user-ana' })).toBe(true);
    expect(mayAccess(admin, { userId: 'user-ana' })).toBe(true);
  });

  it('keeps out another account, even with the same email (deleted and registered again)', () => {
    expect(mayAccess({ ...ana, id: 'user-ana-again' }, { userId: 'user-ana' })).toBe(false);
    expect(mayAccess({ id: 'u2', email: 'bob@example.com', role: 'PUBLIC' }, { userId: 'user-ana' })).toBe(
      false,
    );
  });

  it("keeps tickets without an account (the original's) for admins", () => {
    expect(mayAccess(ana, {})).toBe(false);
    expect(mayAccess({ ...ana, id: '' }, { userId: '' })).toBe(false);
    expect(mayAccess(admin, {})).toBe(true);
  });
});

describe(listingScope.name, () => {
  it('gives admins every ticket of any email', () => {
    expect(listingScope(admin, 'ana@example.com')).toEqual({});
  });

  it("narrows a buyer's own email (any case) to their account's tickets", () => {
    expect(listingScope(ana, ' ana@example.com ')).toEqual({ ownerId: 'user-ana' });
  });

  it('refuses a buyer another email with 403 NOT_YOUR_TICKET', () => {
    expect(() => listingScope(ana, 'bob@example.com')).toThrow(
      expect.objectContaining({ status: 403, code: 'NOT_YOUR_TICKET' }),
    );
    expect(() => listingScope({ ...ana, email: '' }, '')).toThrow(
      expect.objectContaining({ code: 'NOT_YOUR_TICKET' }),
    );
  });
});

describe('door staff', () => {
  it('read every ticket and list any email, like an admin', () => {
    expect(mayAccess(staff, { userId: 'user-ana' })).toBe(true);
    expect(mayAccess(staff, {})).toBe(true);
    expect(listingScope(staff, 'ana@example.com')).toEqual({});
  });

  it('may not act for the buyer (resend): only the owner or an admin', () => {
    expect(() => assertMayManage(staff, { userId: 'user-ana' })).toThrow(
      expect.objectContaining({ status: 403, code: 'NOT_YOUR_TICKET' }),
    );
    expect(() => assertMayManage(ana, { userId: 'user-ana' })).not.toThrow();
    expect(() => assertMayManage(admin, {})).not.toThrow();
    expect(() => assertMayManage(ana, {})).toThrow(expect.objectContaining({ code: 'NOT_YOUR_TICKET' }));
  });
});
