import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { z } from 'zod';

/** Every sealed value starts with it; a value without it is clear text. */
export const SEALED_PREFIX = 'sealed:';
const VERSION = 'v1';
const KID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value that cannot be opened: malformed, sealed with a key the ring no longer has, or altered. */
export class SealedValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedValueError';
  }
}

/** A key file that cannot be used; the problems name lines and key ids, never key material. */
export class KeyRingError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid key ring: ${problems.join('; ')}`);
    this.name = 'KeyRingError';
  }
}

export const isSealed = (value: string): boolean => value.startsWith(SEALED_PREFIX);

/**
 * AES-256-GCM keys by id, from a key file of `kid=base64(32 bytes)` lines (blank lines and `#`
 * comments ignored). The first key seals; every key opens, so a rotation puts the new key first and
 * keeps the old one until nothing sealed with it is left. A sealed value reads
 * `sealed:v1:<kid>:<iv b64url>:<ciphertext+tag b64url>`; the version, key id and purpose are its
 * additional authenticated data, so a value sealed for one purpose cannot be passed off as another.
 * The keys stay private: the ring prints and serialises as its key ids only.
 */
export class KeyRing {
  readonly #keys: ReadonlyMap<string, Buffer>;
  readonly #sealingKid: string;

  private constructor(keys: Map<string, Buffer>, sealingKid: string) {
    this.#keys = keys;
    this.#sealingKid = sealingKid;
  }

  static parse(text: string): KeyRing {
    const keys = new Map<string, Buffer>();
    const problems: string[] = [];
    let first: string | undefined;
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      const at = `line ${index + 1}`;
      const eq = line.indexOf('=');
      const kid = eq > 0 ? line.slice(0, eq).trim() : '';
      const encoded = eq > 0 ? line.slice(eq + 1).trim() : '';
      // A bare base64 key ends in '=' padding: read as `kid=`, its "kid" would be key material.
      if (!KID.test(kid) || /^=*$/.test(encoded))
        return void problems.push(`${at}: expected kid=base64(32 bytes), kid of [A-Za-z0-9_-]`);
      if (keys.has(kid)) return void problems.push(`${at}: key id "${kid}" appears twice`);
      const key = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : undefined;
      if (key?.length !== KEY_BYTES)
        return void problems.push(`${at} (key id "${kid}"): the key must be ${KEY_BYTES} bytes in base64`);
      keys.set(kid, key);
      first ??= kid;
    });
    if (!first && !problems.length) problems.push('no key: expected kid=base64(32 bytes) lines');
    if (problems.length) throw new KeyRingError(problems);
    return new KeyRing(keys, first!);
  }

  /** Key ids, the sealing one first. */
  get kids(): string[] {
    return [this.#sealingKid, ...[...this.#keys.keys()].filter((k) => k !== this.#sealingKid)];
  }

  seal(plaintext: string, purpose: string): string {
    const kid = this.#sealingKid;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(kid)!, iv);
    cipher.setAAD(aad(kid, purpose));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${SEALED_PREFIX}${VERSION}:${kid}:${iv.toString('base64url')}:${body.toString('base64url')}`;
  }

  /**
   * A keyed fingerprint of `data` for `purpose`, `<kid>:<HMAC-SHA256 b64url>`, with the sealing key
   * unless `kid` names another of the ring (to check a fingerprint made before a rotation); undefined
   * when the ring does not hold that key. The HMAC key is derived per purpose, never the AES key itself.
   */
  mac(data: string, purpose: string, kid = this.#sealingKid): string | undefined {
    const key = this.#keys.get(kid);
    if (!key) return undefined;
    const derived = createHmac('sha256', key).update(`mac:${VERSION}:${purpose}`).digest();
    return `${kid}:${createHmac('sha256', derived).update(data, 'utf8').digest('base64url')}`;
  }

  /** Throws SealedValueError (which never holds the value) when the value cannot be opened. */
  open(sealed: string, purpose: string): string {
    const parts = sealed.split(':');
    if (parts.length !== 5 || `${parts[0]}:` !== SEALED_PREFIX)
      throw new SealedValueError('not a sealed value');
    const [, version, kid, ivText, bodyText] = parts as [string, string, string, string, string];
    if (version !== VERSION)
      throw new SealedValueError(`unknown sealed value version "${version.slice(0, 8)}"`);
    const key = KID.test(kid) ? this.#keys.get(kid) : undefined;
    if (!key) throw new SealedValueError(`sealed with a key this ring does not hold ("${kid.slice(0, 64)}")`);
    const iv = BASE64URL.test(ivText) ? Buffer.from(ivText, 'base64url') : undefined;
    const body = BASE64URL.test(bodyText) ? Buffer.from(bodyText, 'base64url') : undefined;
    if (iv?.length !== IV_BYTES || !body || body.length < TAG_BYTES)
      throw new SealedValueError('malformed sealed value');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(aad(kid, purpose));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SealedValueError(
        'sealed value fails authentication (altered, or sealed for another purpose)',
      );
    }
  }

  toJSON() {
    return { kids: this.kids };
  }

  [inspect.custom]() {
    return `KeyRing(${this.kids.join(', ')})`;
  }
}

const aad = (kid: string, purpose: string) =>
  Buffer.from(`${SEALED_PREFIX}${VERSION}:${kid}:${purpose}`, 'utf8');

/**
 * An env variable holding a key file's text (usually supplied as `<NAME>_FILE`), parsed into a
 * KeyRing; a bad file fails the start-up with its problems (line numbers and key ids only).
 */
export const keyRingVariable = (requiredMessage: string) =>
  z.string({ required_error: requiredMessage }).transform((text, ctx) => {
    try {
      return KeyRing.parse(text);
    } catch (error) {
      if (!(error instanceof KeyRingError)) throw error;
      for (const problem of error.problems) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      return z.NEVER;
    }
  });
