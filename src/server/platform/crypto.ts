/**
 * Encryption at rest of reporters' identities (issue 12, item 3): AES-256-GCM to seal a value, an HMAC
 * to find it again by equality without storing it in clear. Both keys are derived (HKDF-SHA256) from one
 * 32-byte data key; a sealed value names the key it was sealed with by a fingerprint, so that a wrong
 * key is told apart from damaged data.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'enc1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;

/** A value of a column that holds sealed or clear text is sealed when it starts with the prefix. */
export const isSealed = (value: string): boolean => value.startsWith(PREFIX);

/** The data key opens no sealed value it is given: another key sealed it, or it was altered. */
export class DataKeyMismatch extends Error {
  override name = 'DataKeyMismatch';
}

const derive = (key: Buffer, purpose: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), purpose, 32));

/** One data key: seals, opens and hashes for search. Never logs or exposes the key itself. */
export class DataKey {
  /** Names the key in sealed values and messages; derived, so it tells nothing about the key. */
  readonly fingerprint: string;
  readonly #sealKey: Buffer;
  readonly #searchKey: Buffer;

  constructor(raw: Buffer) {
    if (raw.length !== DATA_KEY_BYTES) throw new Error(`a data key has ${DATA_KEY_BYTES} bytes, not ${raw.length}`);
    this.#sealKey = derive(raw, 'taxline seal v1');
    this.#searchKey = derive(raw, 'taxline search v1');
    this.fingerprint = derive(raw, 'taxline fingerprint v1').subarray(0, 6).toString('hex');
  }

  /** A new random key, as base64 (the form of TAXLINE_DATA_KEY and of the key file). */
  static generate(): string {
    return randomBytes(DATA_KEY_BYTES).toString('base64');
  }

  /** `enc1:<fingerprint>:<base64url of iv, tag and ciphertext>`. */
  seal(clear: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#sealKey, iv);
    const body = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
    return `${PREFIX}${this.fingerprint}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The clear text of a sealed value; DataKeyMismatch when this key did not seal it or it was altered. */
  open(sealed: string): string {
    const [fingerprint, payload] = sealed.slice(PREFIX.length).split(':');
    if (!isSealed(sealed) || fingerprint !== this.fingerprint || !payload) {
      throw new DataKeyMismatch(`sealed with key ${fingerprint ?? '?'}, not with key ${this.fingerprint}`);
    }
    const bytes = Buffer.from(payload, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.#sealKey, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new DataKeyMismatch(`a value sealed with key ${this.fingerprint} does not open: altered or damaged`);
    }
  }

  /** The keyed hash a sealed value is searched by (HMAC-SHA256, hex): equal for equal clear values. */
  searchHash(clear: string): string {
    return createHmac('sha256', this.#searchKey).update(clear, 'utf8').digest('hex');
  }
}

/** Parses a base64 data key (TAXLINE_DATA_KEY, the key file); undefined when it is not 32 bytes of base64. */
export function parseDataKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  const raw = Buffer.from(trimmed, 'base64');
  return raw.length === DATA_KEY_BYTES ? raw : undefined;
}

let current: DataKey | undefined;

/**
 * The data key of this process, set once at start (main, create-admin, rotate-key, the test harness)
 * before the database is touched: the repositories that seal and open reporters' identities read it
 * here rather than through every use case's parameters.
 */
export function installDataKey(key: DataKey): void {
  current = key;
}

/** The process's data key; without one nothing may be written, so that no identity is stored in clear. */
export function dataKey(): DataKey {
  if (!current) throw new Error('no data key loaded: reporters’ identities cannot be sealed or opened');
  return current;
}

/** Seals a value with the process's key (null stays null). */
export function sealValue<T extends string | null>(clear: T): T {
  return (clear === null ? null : dataKey().seal(clear)) as T;
}

/** The clear text of a value that may be sealed (values of columns that also hold clear text pass through). */
export function openValue<T extends string | null>(value: T): T {
  return (value !== null && isSealed(value) ? dataKey().open(value) : value) as T;
}

/** The search hash of a value with the process's key (null stays null). */
export const searchHashOf = (clear: string | null | undefined): string | null =>
  clear === null || clear === undefined ? null : dataKey().searchHash(clear);
