import { APP_NAMES, http, type Platform, startPlatform } from '@event-tickets/testing';
import { type OpenApi, requestsFor } from './openapi-fuzz';

/**
 * Every route of every app, driven from its own OpenAPI document with generated hostile input
 * (injections, unicode, extremes, wrong types, broken JSON, wrong content types, oversized bodies):
 * never a 5xx, and every error is a JSON body with a message.
 */
describe('bad input on every route of every app (OpenAPI-driven fuzzing)', () => {
  let p: Platform;
  let tokens: (string | undefined)[];

  beforeAll(async () => {
    p = await startPlatform({ env: { LOG_LEVEL: 'error' } });
    const admin = await http<{ token: string }>('POST', `${p.url.users}/users/token`, {
      body: { email: p.admin.email, password: p.admin.password },
    });
    const email = `fuzz-${p.run}@example.com`;
    await http('POST', `${p.url.users}/users`, { body: { email, password: 'fuzz-password' } });
    const buyer = await http<{ token: string }>('POST', `${p.url.users}/users/token`, {
      body: { email, password: 'fuzz-password' },
    });
    tokens = [admin.body.token, buyer.body.token, p.env.INTERNAL_API_TOKEN, undefined];
  }, 180_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each(APP_NAMES.map((a) => [a]))(
    '%s: no 5xx, every error is JSON with a message',
    async (app) => {
      const doc = (await http<OpenApi>('GET', `${p.url[app]}/api-json`)).body;
      expect(Object.keys(doc.paths).length).toBeGreaterThan(2);
      const requests = requestsFor(doc, 25, {
        email: `fuzz-${p.run}@example.com`,
        password: 'fuzz-password',
      });
      requests.push(
        ...Object.keys(doc.paths)
          .filter((path) => Object.keys(doc.paths[path]!).includes('post'))
          .map((path) => ({
            method: 'POST',
            path: path.replace(/\{[^}]+\}/g, '1'),
            body: `{"x":"${'a'.repeat(200_000)}"}`,
            contentType: 'application/json',
          })),
      );
      const failures: string[] = [];
      for (const [i, req] of requests.entries()) {
        const token = tokens[i % tokens.length];
        const res = await fetch(`${p.url[app]}${req.path}`, {
          method: req.method,
          headers: {
            ...(req.contentType ? { 'content-type': req.contentType } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: req.body,
        });
        const text = await res.text();
        let message: unknown;
        try {
          message = (JSON.parse(text) as { message?: unknown }).message;
        } catch {
          message = undefined;
        }
        const where = `${req.method} ${req.path.slice(0, 120)} body=${(req.body ?? '').slice(0, 120)} → ${res.status} ${text.slice(0, 200)}`;
        if (res.status >= 500) failures.push(where);
        else if (res.status >= 400 && (typeof message !== 'string' || !message))
          failures.push(`no JSON message: ${where}`);
      }
      expect(failures).toEqual([]);
    },
    300_000,
  );
});
