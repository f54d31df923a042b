import type { FastifyRequest } from 'fastify';
import { extractToken } from './auth.guard';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest;

describe(extractToken.name, () => {
  it('reads a bearer token whatever the case of the prefix', () => {
    expect(extractToken(request({ authorization: 'Bearer abc.def.ghi' }))).toBe('abc.def.ghi');
    expect(extractToken(request({ authorization: 'bearer   abc.def.ghi ' }))).toBe('abc.def.ghi');
    expect(extractToken(request({ authorization: 'BEARER abc' }))).toBe('abc');
  });
  it("falls back to the original's jwt cookie", () => {
    expect(extractToken(request({ cookie: 'theme=dark; jwt=abc.def.ghi; other=1' }))).toBe('abc.def.ghi');
  });
  it('finds nothing in other schemes or cookies', () => {
    expect(extractToken(request({ authorization: 'Basic dXNlcjpwYXNz' }))).toBeUndefined();
    expect(extractToken(request({ cookie: 'notjwt=1; xjwt=2' }))).toBeUndefined();
    expect(extractToken(request({}))).toBeUndefined();
  });
});
