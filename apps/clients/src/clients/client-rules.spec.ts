import { newClient, sameEmail } from './client-rules';

const rejects = (body: unknown, message: string) =>
  expect(() => newClient(body)).toThrow(
    expect.objectContaining({ status: 400, code: 'INVALID_CLIENT', message }),
  );

describe(newClient.name, () => {
  it('accepts a name and an email, trimmed', () => {
    expect(newClient({ name: '  Ana ', email: ' Ana@Example.com ' })).toEqual({
      name: 'Ana',
      email: 'Ana@Example.com',
    });
  });

  it('answers the original messages, name first', () => {
    rejects({}, 'the name field is mandatory');
    rejects(undefined, 'the name field is mandatory');
    rejects({ email: 'ana@example.com' }, 'the name field is mandatory');
    rejects({ name: '   ', email: 'ana@example.com' }, 'the name field is mandatory');
    rejects({ name: 'Ana' }, 'the email field is mandatory');
    rejects({ name: 'Ana', email: '' }, 'the email field is mandatory');
  });

  it('refuses other types, bodies that are not objects, overlong fields and non-addresses', () => {
    rejects({ name: 42, email: 'ana@example.com' }, 'the name field must be a string');
    rejects({ name: 'Ana', email: ['ana@example.com'] }, 'the email field must be a string');
    rejects([{ name: 'Ana' }], 'Body is invalid');
    rejects('Ana', 'Body is invalid');
    rejects(
      { name: 'x'.repeat(201), email: 'ana@example.com' },
      'the name field must be at most 200 characters',
    );
    rejects(
      { name: 'Ana', email: `${'a'.repeat(250)}@example.com` },
      'the email field must be at most 254 characters',
    );
    for (const email of ['ana', 'ana@', '@example.com', 'a na@example.com', 'a@b@c'])
      rejects({ name: 'Ana', email }, 'the email field is invalid');
  });
});

describe(sameEmail.name, () => {
  it('ignores case and surrounding spaces', () => {
    expect(sameEmail('Ana@Example.COM', ' ana@example.com')).toBe(true);
    expect(sameEmail('ana@example.com', 'bob@example.com')).toBe(false);
  });
});
