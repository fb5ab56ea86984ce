// The sync key and record encryption (WebCrypto only). The passphrase never leaves this module: PBKDF2-SHA256
// (600,000 iterations, OWASP 2023) over a per-space random salt gives a non-extractable AES-GCM key; each record is
// sealed with a fresh 96-bit IV and its record id as additional data, so the relay cannot swap two records.

export const PBKDF2_ITERATIONS = 600_000;
/** What the verifier record holds: a wrong passphrase fails to open it, and nothing else is touched. */
const VERIFIER_TEXT = 'gpt-chat sync v1';
export const SALT_ID = 'salt';
export const VERIFIER_ID = 'verifier';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function newSalt(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}

/** The space's AES-GCM key from the passphrase and the space's salt (base64url). Slow on purpose (~0.3–1 s). */
export async function deriveKey(passphrase: string, salt: string, iterations = PBKDF2_ITERATIONS): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(passphrase.normalize('NFC')), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64Url(salt), iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** IV (12 bytes) ‖ AES-GCM ciphertext+tag of the JSON of `value`, bound to `recordId`, as base64url. */
export async function seal(key: CryptoKey, recordId: string, value: unknown): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(recordId) },
    key,
    encoder.encode(JSON.stringify(value)),
  );
  const out = new Uint8Array(12 + sealed.byteLength);
  out.set(iv);
  out.set(new Uint8Array(sealed), 12);
  return toBase64Url(out);
}

/** The value sealed for `recordId`; throws on a wrong key, a tampered record or a record moved to another id. */
export async function open<T>(key: CryptoKey, recordId: string, data: string): Promise<T> {
  const bytes = fromBase64Url(data);
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: encoder.encode(recordId) },
    key,
    bytes.subarray(12),
  );
  return JSON.parse(decoder.decode(plain)) as T;
}

export const sealVerifier = (key: CryptoKey) => seal(key, VERIFIER_ID, VERIFIER_TEXT);

/** True when `key` opens the space's verifier record (the passphrase is the space's). */
export async function verifies(key: CryptoKey, verifier: string): Promise<boolean> {
  try {
    return (await open<string>(key, VERIFIER_ID, verifier)) === VERIFIER_TEXT;
  } catch {
    return false;
  }
}
