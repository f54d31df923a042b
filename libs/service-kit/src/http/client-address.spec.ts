import { baseEnv } from '../config/env.fragments';
import { ConfigError, parseEnv } from '../config/parse-env';
import { clientKey, fastifyTrustProxy, parseTrustProxy, TRUST_EVERY_HOP_REFUSED } from './client-address';

describe(parseTrustProxy.name, () => {
  it('reads false, a hop count, or a list of addresses and CIDRs', () => {
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('127.0.0.1')).toEqual(['127.0.0.1']);
    expect(parseTrustProxy(' 127.0.0.1, 10.0.0.0/8 ,fd00::/8,::1 ')).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      'fd00::/8',
      '::1',
    ]);
  });

  it('refuses true and says why', () => {
    expect(parseTrustProxy('true')).toEqual({ problem: TRUST_EVERY_HOP_REFUSED });
    expect(parseTrustProxy('TRUE')).toEqual({ problem: TRUST_EVERY_HOP_REFUSED });
    expect(TRUST_EVERY_HOP_REFUSED).toMatch(/any client choose its own address/);
  });

  it('names the entries that are not addresses or CIDRs', () => {
    for (const bad of ['yes', '10.0.0.0/33', '::1/129', '10.0.0/8', '1.2.3.4/8/8', 'proxy.local', ','])
      expect(parseTrustProxy(bad)).toEqual({ problem: expect.stringContaining('not an address or CIDR') });
    expect(parseTrustProxy('127.0.0.1,nope')).toEqual({ problem: expect.stringContaining('"nope"') });
  });
});

describe('TRUST_PROXY', () => {
  const env = (TRUST_PROXY?: string) =>
    parseEnv(baseEnv(3000), { JWT_SECRET: 'a-secret-of-16-chars+', TRUST_PROXY }).TRUST_PROXY;

  it('defaults to trusting no proxy', () => {
    expect(env()).toBe(false);
    expect(env('10.0.0.0/8,127.0.0.1')).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(env('1')).toBe(1);
  });

  it('stops the start on true, with the reason', () => {
    expect(() => env('true')).toThrow(ConfigError);
    expect(() => env('true')).toThrow(/TRUST_PROXY: true is refused: trusting every hop lets any client/);
    expect(() => env('everyone')).toThrow(/TRUST_PROXY: "everyone" is not an address or CIDR/);
  });
});

describe(fastifyTrustProxy.name, () => {
  it('passes false and lists through, and turns a hop count into a function (Fastify ignores a number)', () => {
    expect(fastifyTrustProxy(false)).toBe(false);
    expect(fastifyTrustProxy(['10.0.0.0/8'])).toEqual(['10.0.0.0/8']);
    const twoHops = fastifyTrustProxy(2) as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => twoHops('10.0.0.1', hop))).toEqual([true, true, false]);
  });
});

describe(clientKey.name, () => {
  const key = (ip: string) => clientKey({ ip });

  it('keys IPv4 by the address, also when it arrives IPv4-mapped', () => {
    expect(key('203.0.113.7')).toBe('203.0.113.7');
    expect(key('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(key('::ffff:cb00:7107')).toBe('203.0.113.7');
  });

  it('groups IPv6 by /64: every address of one subscriber prefix is one key', () => {
    expect(key('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(key('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(key('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(key('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(key('::1')).toBe('0:0:0:0::/64');
    expect(key('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(key('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });

  it('keeps anything else as it is (never throws)', () => {
    expect(key('unknown')).toBe('unknown');
    expect(key('')).toBe('');
  });
});
