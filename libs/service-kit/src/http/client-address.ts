import { isIP, isIPv4 } from 'node:net';

/**
 * Which hops may tell the client's address in `X-Forwarded-For` (Fastify's `trustProxy`): none
 * (`false`), the nearest `n` hops, or the proxies at these addresses / CIDRs.
 */
export type TrustProxy = false | number | string[];

/** Why `TRUST_PROXY=true` is refused, in the start-up error. */
export const TRUST_EVERY_HOP_REFUSED =
  'true is refused: trusting every hop lets any client choose its own address in X-Forwarded-For and ' +
  'escape the per-address limits; name the proxies (e.g. 10.0.0.0/8,127.0.0.1) or count them (e.g. 1)';

/**
 * Parses `TRUST_PROXY`: `false` / `0` / unset, a hop count, or a comma list of addresses and CIDRs.
 * Returns the problem as a string when the value is none of these.
 */
export function parseTrustProxy(raw: string): TrustProxy | { problem: string } {
  const value = raw.trim().toLowerCase();
  if (value === 'true') return { problem: TRUST_EVERY_HOP_REFUSED };
  if (value === 'false' || value === '0' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !isAddressOrCidr(e));
  if (bad.length || !entries.length)
    return {
      problem:
        `${bad.map((b) => `"${b}"`).join(', ') || 'the list'} is not an address or CIDR ` +
        '(false, a hop count, or a comma list of addresses/CIDRs such as 127.0.0.1,10.0.0.0/8)',
    };
  return entries;
}

/**
 * Fastify's `trustProxy` for a parsed TRUST_PROXY. Fastify 5 ignores a plain hop count (it trusts no
 * hop then), so a count becomes a function trusting the nearest `n` hops: as with any hop count, only
 * safe when the app cannot be reached except through those proxies (naming them is safer).
 */
export function fastifyTrustProxy(
  trust: TrustProxy,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}

function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * The rate-limit key of a request's client address: an IPv4 address as is (also when it arrives as
 * IPv4-mapped IPv6), an IPv6 address by its /64 — one subscriber usually gets a whole /64 and can pick
 * any address in it, so a per-address limit keyed by the full address would not limit anyone.
 * `request.ip` already honours TRUST_PROXY.
 */
export function clientKey(request: { ip: string }): string {
  const ip = request.ip.replace(/%.*$/, ''); // a zone index (fe80::1%eth0) names the interface, not the host
  if (isIPv4(ip)) return ip;
  const groups = ipv6Groups(ip);
  if (!groups) return ip;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Groups(ip: string): number[] | undefined {
  if (isIP(ip) !== 6) return undefined;
  const toGroups = (part: string): number[] =>
    part
      ? part.split(':').flatMap((g) => {
          if (!g.includes('.')) return [parseInt(g, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = g.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        })
      : [];
  const [head = '', tail] = ip.split('::');
  const front = toGroups(head);
  if (tail === undefined) return front;
  const back = toGroups(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}
