import { eventBody, startEventsApp, type EventsTestApp } from '../support/events-app';

/** The original's eight creation messages, in its order, and ours after them. */
describe('events validation over HTTP', () => {
  let t: EventsTestApp;
  const create = (overrides: Record<string, unknown>) =>
    t.call<{ message: string; statusCode: number; code: string }>(
      'POST',
      '/events/admin',
      eventBody(overrides),
      t.adminToken,
    );

  beforeAll(async () => {
    t = await startEventsApp();
  });
  afterAll(() => t?.close());

  it.each<[string, Record<string, unknown>, string]>([
    ['event_date empty', { event_date: '' }, 'the event_date field is mandatory'],
    [
      'event_date not RFC 3339',
      { event_date: '2030-09-25' },
      "the event_date field must have this format '2024-09-25T00:00:00.000Z'",
    ],
    ['name empty', { name: '' }, 'the name field is mandatory'],
    ['currency empty', { currency: '' }, 'the currency field is mandatory'],
    ['description empty', { description: '' }, 'the description field is mandatory'],
    ['image_url empty', { image_url: '' }, 'the image_url field is mandatory'],
    ['price ≤ 0', { price: 0 }, 'the price field cannot be less than or equal to zero'],
    [
      'event_date past',
      { event_date: '2001-01-01T00:00:00Z' },
      'the event_date field cannot be less than the current date',
    ],
    ['name over 255', { name: 'n'.repeat(256) }, 'the name field cannot be longer than 255 characters'],
    [
      'description over 5000',
      { description: 'd'.repeat(5001) },
      'the description field cannot be longer than 5000 characters',
    ],
    ['capacity 0', { capacity: 0 }, 'the capacity field must be an integer greater than or equal to 1'],
    ['capacity 2.5', { capacity: 2.5 }, 'the capacity field must be an integer greater than or equal to 1'],
    ['capacity as text', { capacity: '10' }, 'Body is invalid: the capacity field must be a number'],
  ])('%s → 400 "%s"', async (_, overrides, message) => {
    const res = await create(overrides);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, message, code: 'INVALID_EVENT' });
  });

  it('reports the first failing rule, in the original order', async () => {
    const res = await t.call('POST', '/events/admin', {}, t.adminToken);
    expect(res.body.message).toBe('the event_date field is mandatory');
    const next = await create({ name: '', currency: '', description: '', image_url: '', price: -1 });
    expect(next.body.message).toBe('the name field is mandatory');
    const later = await create({
      description: '',
      image_url: '',
      price: -1,
      event_date: '2001-01-01T00:00:00Z',
    });
    expect(later.body.message).toBe('the description field is mandatory');
  });

  it('stores a 255-character name', async () => {
    expect((await create({ name: 'n'.repeat(255) })).status).toBe(201);
  });

  it('stores a 5000-character description, and refuses a longer one on update too', async () => {
    const created = await create({ description: 'd'.repeat(5000) });
    expect(created.status).toBe(201);
    const id = (created.body as unknown as { id: number }).id;
    const update = (description: string) =>
      t.call<{ message: string }>('PUT', `/events/admin/${id}`, { description }, t.adminToken);
    const refused = await update('u'.repeat(5001));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      message: 'the description field cannot be longer than 5000 characters',
      code: 'INVALID_EVENT',
    });
    expect((await update('u'.repeat(5000))).status).toBe(204);
    const read = await t.call<{ description: string }>('GET', `/events/${id}`, undefined, t.adminToken);
    expect(read.body.description).toBe('u'.repeat(5000));
  });
});
