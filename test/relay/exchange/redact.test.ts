// The redactor (src/relay/exchange/redact.ts): whole texts and streams cut anywhere give the same output as a naive
// reference scan, nothing is held back that cannot begin a secret, and chunks without secrets pass untouched.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { createRedactor, MIN_SECRET_LENGTH, REDACTED } from '../../../src/relay/exchange/redact.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Naive reference: the earliest-ending secret wins (the longest of those), matches do not overlap. */
function reference(text: string, secrets: readonly string[]): string {
  const live = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH);
  let out = '';
  let from = 0;
  for (let end = 1; end <= text.length; end++) {
    let best = 0;
    for (const s of live) {
      if (s.length > best && end - s.length >= from && text.slice(end - s.length, end) === s) best = s.length;
    }
    if (best === 0) continue;
    out += text.slice(from, end - best) + REDACTED;
    from = end;
  }
  return out + text.slice(from);
}

function streamed(secrets: readonly string[], bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const s = createRedactor(secrets).stream();
  const out: Uint8Array[] = [];
  let from = 0;
  for (const at of [...new Set(cuts)].sort((a, b) => a - b).concat(bytes.length)) {
    if (at < from) continue;
    out.push(s.push(bytes.subarray(from, at)));
    from = at;
  }
  out.push(s.end());
  return out;
}

const join = (parts: Uint8Array[]) => dec.decode(Buffer.concat(parts));

describe('createRedactor', () => {
  const key = 'sk-proj-ABCdef123456';
  const token = 'access-token-0042';

  test('text: every occurrence of every secret, anywhere', () => {
    const r = createRedactor([key, token]);
    expect(r.text(`{"a":"${key}","b":{"c":["x${token}y", "${key}${key}"]}}`)).toBe(
      `{"a":"[redacted]","b":{"c":["x[redacted]y", "[redacted][redacted]"]}}`,
    );
    const clean = 'nothing to see';
    expect(r.text(clean)).toBe(clean);
  });

  test('short secrets are ignored; no secrets → the empty redactor', () => {
    expect(createRedactor(['abc']).empty).toBe(true);
    expect(createRedactor([]).text('abc')).toBe('abc');
    expect(createRedactor(['abcdef']).text('xabcdefx')).toBe(`x${REDACTED}x`);
  });

  test('JSON-escaped spellings of a secret with "/" or a quote', () => {
    const r = createRedactor(['key/with"quote']);
    expect(r.text(JSON.stringify({ k: 'key/with"quote' }))).toBe(`{"k":"${REDACTED}"}`);
    expect(r.text('{"k":"key\\/with\\"quote"}')).toBe(`{"k":"${REDACTED}"}`);
  });

  test('a chunk without secrets passes as the same object; only a possible secret start is held back', () => {
    const s = createRedactor([key]).stream();
    const plain = enc.encode('data: {"x":"y"}\n\n');
    expect(s.push(plain)).toBe(plain);
    const out = s.push(enc.encode('data: sk-pr'));
    expect(dec.decode(out)).toBe('data: ');
    expect(dec.decode(s.push(enc.encode('oof\n\n')))).toBe('sk-proof\n\n');
    expect(s.end().byteLength).toBe(0);
    // Bytes that cannot begin a secret are never held ("s" then "x" is no prefix of it).
    expect(dec.decode(s.push(enc.encode('ks')))).toBe('k');
    expect(dec.decode(s.push(enc.encode('x')))).toBe('sx');
  });

  test('a secret split at every position across two and three chunks', () => {
    const text = `data: {"content":"${key} and ${token}"}\n\n`;
    const bytes = enc.encode(text);
    const expected = reference(text, [key, token]);
    for (let i = 0; i <= bytes.length; i++) {
      expect(join(streamed([key, token], bytes, [i]))).toBe(expected);
      for (let j = i; j <= bytes.length; j += 3) expect(join(streamed([key, token], bytes, [i, j]))).toBe(expected);
    }
  });

  test('an unfinished secret at the end is released by end()', () => {
    const s = createRedactor([key]).stream();
    expect(dec.decode(s.push(enc.encode('tail sk-proj-ABC')))).toBe('tail ');
    expect(dec.decode(s.end())).toBe('sk-proj-ABC');
  });

  test('property: any chunking of any text equals the reference; no secret → byte-identical', () => {
    const alphabet = fc.constantFrom(...'ab-sk'.split(''));
    const secret = fc.string({ unit: alphabet, minLength: MIN_SECRET_LENGTH, maxLength: 10 });
    fc.assert(
      fc.property(
        fc.array(secret, { minLength: 1, maxLength: 4 }),
        fc.array(fc.oneof(fc.string({ unit: alphabet, maxLength: 8 }), fc.string({ maxLength: 6 })), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (secrets, pieces, rawCuts) => {
          // Put secrets in, between arbitrary pieces.
          const text = pieces.map((p, i) => p + (i % 2 === 0 ? secrets[i % secrets.length]! : '')).join('');
          const bytes = enc.encode(text);
          const cuts = rawCuts.map((c) => c % (bytes.length + 1));
          expect(join(streamed(secrets, bytes, cuts))).toBe(reference(text, secrets));
          expect(createRedactor(secrets).text(text)).toBe(reference(text, secrets));
        },
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 8 }), (bytes, rawCuts) => {
        const cuts = rawCuts.map((c) => c % (bytes.length + 1));
        // 0xff never occurs in these secrets, so a chunk of random bytes rarely matches; compare bytes exactly.
        const secrets = ['sk-secret-key-1', 'token-abcdef'];
        const text = Buffer.from(bytes).toString('latin1');
        if (secrets.some((s) => text.includes(s))) return;
        expect(Buffer.concat(streamed(secrets, bytes, cuts)).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
