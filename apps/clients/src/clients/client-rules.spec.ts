import { validateBody } from '@event-tickets/service-kit';
import { sameEmail } from './client-rules';
import { CreateClientRequest } from './clients.requests';

const rejects = (body: unknown, message: string) =>
  expect(validateBody(CreateClientRequest, body)).rejects.toEqual(
    expect.objectContaining({ status: 400, code: 'INVALID_CLIENT', message }),
  );

describe(CreateClientRequest.name, () => {
  it('accepts a name and an email, trimmed', async () => {
    expect({
      ...(await validateBody(CreateClientRequest, { name: '  Ana ', email: ' Ana@Example.com ' })),
    }).toEqual({
      name: 'Ana',
      email: 'Ana@Example.com',
    });
  });

  it('answers the original messages, name first', async () => {
    await rejects({}, 'the name field is mandatory');
    await rejects(undefined, 'the name field is mandatory');
    await rejects({ email: 'ana@example.com' }, 'the name field is mandatory');
    await rejects({ name: '   ', email: 'ana@example.com' }, 'the name field is mandatory');
    await rejects({ name: 'Ana' }, 'the email field is mandatory');
    await rejects({ name: 'Ana', email: '' }, 'the email field is mandatory');
  });

  it('refuses other types, bodies that are not objects, overlong fields and non-addresses', async () => {
    await rejects({ name: 42, email: 'ana@example.com' }, 'the name field must be a string');
    await rejects({ name: 'Ana', email: ['ana@example.com'] }, 'the email field must be a string');
    await rejects([{ name: 'Ana' }], 'Body is invalid');
    await rejects('Ana', 'Body is invalid');
    await rejects(
      { name: 'x'.repeat(201), email: 'ana@example.com' },
      'the name field must be at most 200 characters',
    );
    await rejects(
      { name: 'Ana', email: `${'a'.repeat(250)}@example.com` },
      'the email field must be at most 254 characters',
    );
    for (const email of ['ana', 'ana@', '@example.com', 'a na@example.com', 'a@b@c'])
      await rejects({ name: 'Ana', email }, 'the email field is invalid');
  });
});

describe(sameEmail.name, () => {
  it('ignores case and surrounding spaces', () => {
    expect(sameEmail('Ana@Example.COM', ' ana@example.com')).toBe(true);
    expect(sameEmail('ana@example.com', 'bob@example.com')).toBe(false);
  });
});
