// The sync crypto (WebCrypto in Node, as in the browser): the key is PBKDF2-SHA256 with 600,000 iterations and
// non-extractable; a record opens only with the right key under the id it was sealed for; the ciphertext holds
// no plaintext; a wrong passphrase is told apart by the verifier.
import { describe, expect, it } from 'vitest';
import {
  PBKDF2_ITERATIONS,
  deriveKey,
  fromBase64Url,
  newSalt,
  open,
  seal,
  sealVerifier,
  toBase64Url,
  verifies,
} from '../../../demo/src/sync/crypto.js';

const FAST = 1000; // iterations for the tests that are not about the iteration count

describe('sync crypto', () => {
  it('derives a non-extractable AES-GCM-256 key with 600,000 PBKDF2 iterations', async () => {
    expect(PBKDF2_ITERATIONS).toBe(600_000);
    const key = await deriveKey('correct horse', newSalt());
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('seals a record that opens with the same passphrase and salt, with a fresh IV each time', async () => {
    const salt = newSalt();
    const value = { title: '我的秘密日记', messages: [{ id: 'm1', content: 'secret diary entry 42' }] };
    const a = await seal(await deriveKey('pw', salt, FAST), 'chat-1', value);
    const b = await seal(await deriveKey('pw', salt, FAST), 'chat-1', value);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(atob(a.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((a.length + 3) % 4))).not.toContain('secret');
    expect(await open(await deriveKey('pw', salt, FAST), 'chat-1', a)).toEqual(value);
  });

  it('refuses a wrong key, a tampered byte and a record moved to another id', async () => {
    const salt = newSalt();
    const key = await deriveKey('pw', salt, FAST);
    const sealed = await seal(key, 'chat-1', { x: 1 });
    await expect(open(await deriveKey('other', salt, FAST), 'chat-1', sealed)).rejects.toThrow();
    await expect(open(key, 'chat-2', sealed)).rejects.toThrow();
    const bytes = fromBase64Url(sealed);
    bytes[bytes.length - 1]! ^= 1;
    await expect(open(key, 'chat-1', toBase64Url(bytes))).rejects.toThrow();
  });

  it('tells a wrong passphrase by the verifier record', async () => {
    const salt = newSalt();
    const verifier = await sealVerifier(await deriveKey('right', salt, FAST));
    expect(await verifies(await deriveKey('right', salt, FAST), verifier)).toBe(true);
    expect(await verifies(await deriveKey('wrong', salt, FAST), verifier)).toBe(false);
    expect(await verifies(await deriveKey('right', newSalt(), FAST), verifier)).toBe(false);
  });

  it('round-trips base64url for every byte value and long buffers', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 256);
    expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
  });
});
