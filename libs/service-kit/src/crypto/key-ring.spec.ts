import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { z } from 'zod';
import { ConfigError, parseEnv } from '../config/parse-env';
import { isSealed, KeyRing, KeyRingError, keyRingVariable, SealedValueError } from './key-ring';

const key = () => randomBytes(32).toString('base64');
const PURPOSE = 'payment_token';

describe(KeyRing.name, () => {
  const k1 = key();
  const k2 = key();

  it('seals to sealed:v1:<kid>:<iv>:<ciphertext+tag> and opens it again', () => {
    const ring = KeyRing.parse(`k1=${k1}\n`);
    const sealed = ring.seal('TOKEN123', PURPOSE);
    expect(sealed).toMatch(/^sealed:v1:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('TOKEN123');
    expect(isSealed(sealed)).toBe(true);
    expect(isSealed('TOKEN123')).toBe(false);
    expect(ring.open(sealed, PURPOSE)).toBe('TOKEN123');
    expect(ring.open(ring.seal('', PURPOSE), PURPOSE)).toBe('');
    expect(ring.seal('TOKEN123', PURPOSE)).not.toBe(sealed); // a fresh IV every time
  });

  it('rotates: the first key seals, every key opens', () => {
    const old = KeyRing.parse(`k1=${k1}`);
    const rotated = KeyRing.parse(`# new key first\nk2=${k2}\n\nk1=${k1}\n`);
    const sealedBefore = old.seal('TOKEN123', PURPOSE);
    const sealedAfter = rotated.seal('TOKEN123', PURPOSE);
    expect(rotated.kids).toEqual(['k2', 'k1']);
    expect(sealedAfter.split(':')[2]).toBe('k2');
    expect(rotated.open(sealedBefore, PURPOSE)).toBe('TOKEN123');
    expect(rotated.open(sealedAfter, PURPOSE)).toBe('TOKEN123');
    // Once the old key is removed, what it sealed no longer opens.
    expect(() => KeyRing.parse(`k2=${k2}`).open(sealedBefore, PURPOSE)).toThrow(SealedValueError);
    expect(() => old.open(sealedAfter, PURPOSE)).toThrow(/does not hold \("k2"\)/);
  });

  it('refuses an altered value, another key under the same id, and another purpose', () => {
    const ring = KeyRing.parse(`k1=${k1}`);
    const sealed = ring.seal('TOKEN123', PURPOSE);
    const [prefix, version, kid, iv, body] = sealed.split(':') as [string, string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0]! ^= 1;
    const tampered = [prefix, version, kid, iv, flipped.toString('base64url')].join(':');
    expect(() => ring.open(tampered, PURPOSE)).toThrow(/fails authentication/);
    expect(() => KeyRing.parse(`k1=${k2}`).open(sealed, PURPOSE)).toThrow(/fails authentication/);
    expect(() => ring.open(sealed, 'user_email')).toThrow(/fails authentication/);
    // The key id is authenticated too: relabelling the value for another key of the ring fails.
    const both = KeyRing.parse(`k1=${k1}\nk2=${k1}`);
    expect(() => both.open(sealed.replace(':k1:', ':k2:'), PURPOSE)).toThrow(/fails authentication/);
  });

  it('refuses malformed sealed values without echoing them', () => {
    const ring = KeyRing.parse(`k1=${k1}`);
    for (const bad of [
      'sealed:v1:k1',
      'sealed:v2:k1:aaaa:bbbb',
      'sealed:v1:k1:!!:bbbb',
      'sealed:v1:k1:aaaa:bb',
    ])
      expect(() => ring.open(bad, PURPOSE)).toThrow(SealedValueError);
    try {
      ring.open('sealed:v1:k1:SECRETIV:SECRETBODY', PURPOSE);
    } catch (error) {
      expect(String(error)).not.toMatch(/SECRET/);
    }
  });

  it('refuses a bad key file, naming lines and key ids but never key material', () => {
    const short = randomBytes(16).toString('base64');
    const problems = (text: string) => {
      try {
        KeyRing.parse(text);
      } catch (error) {
        expect(error).toBeInstanceOf(KeyRingError);
        return (error as KeyRingError).problems;
      }
      throw new Error('parsed');
    };
    expect(problems('')).toEqual(['no key: expected kid=base64(32 bytes) lines']);
    expect(problems(`k1=${short}`)).toEqual(['line 1 (key id "k1"): the key must be 32 bytes in base64']);
    expect(problems(`${k1}`)).toEqual([expect.stringMatching(/^line 1: expected kid=base64/)]);
    // A bare key of only [A-Za-z0-9] reads as `<kid>=`: its "kid" is key material and is not named.
    const bare = Buffer.alloc(32, 1).toString('base64');
    expect(problems(bare)).toEqual([expect.stringMatching(/^line 1: expected kid=base64/)]);
    expect(problems(bare).join(' ')).not.toContain(bare.slice(0, 20));
    expect(problems(`k1=${k1}\nk1=${k2}`)).toEqual(['line 2: key id "k1" appears twice']);
    expect(problems(`bad id=${k1}`)).toHaveLength(1);
    expect(problems(`k1=not base64!`)).toHaveLength(1);
    const all = problems(`k1=${short}\n${k1}\nk1:${k2}`).join(' ');
    for (const secret of [short, k1, k2]) expect(all).not.toContain(secret);
  });

  it('never prints or serialises its keys', () => {
    const ring = KeyRing.parse(`k1=${k1}\nk2=${k2}`);
    const shown = `${inspect(ring)} ${JSON.stringify({ ring })} ${String(ring)}`;
    expect(shown).toContain('k1');
    for (const secret of [k1, k2]) expect(shown).not.toContain(secret);
  });

  it('as an env variable from a *_FILE: parsed at start-up, a bad or missing file is a config error', () => {
    const schema = z.object({ PAYMENT_TOKEN_KEYS: keyRingVariable('is required') });
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    writeFileSync(join(dir, 'good'), `k1=${k1}\n`);
    writeFileSync(join(dir, 'bad'), `k1=${k1.slice(0, 20)}\n`);
    const env = parseEnv(schema, { PAYMENT_TOKEN_KEYS_FILE: join(dir, 'good') });
    expect(env.PAYMENT_TOKEN_KEYS.kids).toEqual(['k1']);
    const failure = (raw: Record<string, string>) => {
      try {
        parseEnv(schema, raw);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).message;
      }
      throw new Error('parsed');
    };
    const bad = failure({ PAYMENT_TOKEN_KEYS_FILE: join(dir, 'bad') });
    expect(bad).toMatch(/PAYMENT_TOKEN_KEYS: line 1 \(key id "k1"\): the key must be 32 bytes/);
    expect(bad).not.toContain(k1.slice(0, 20));
    expect(failure({ PAYMENT_TOKEN_KEYS_FILE: join(dir, 'missing') })).toMatch(
      /PAYMENT_TOKEN_KEYS_FILE: cannot read .*missing \(ENOENT\).*PAYMENT_TOKEN_KEYS: is required/,
    );
  });
});
