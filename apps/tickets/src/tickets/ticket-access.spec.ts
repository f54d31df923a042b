import { mayAccess } from './ticket-access';

describe('ticket access', () => {
  it('lets the owner in, whatever the email case', () => {
    expect(mayAccess({ id: 'u1', email: 'Ana@Example.com', role: 'PUBLIC' }, 'ana@example.com ')).toBe(true);
  });

  it('lets admins in and keeps everyone else out', () => {
    expect(mayAccess({ id: 'a1', email: 'admin@example.com', role: 'ADMIN' }, 'ana@example.com')).toBe(true);
    expect(mayAccess({ id: 'u2', email: 'bob@example.com', role: 'PUBLIC' }, 'ana@example.com')).toBe(false);
    expect(mayAccess({ id: 'u3', email: '', role: 'PUBLIC' }, '')).toBe(false);
  });
});
