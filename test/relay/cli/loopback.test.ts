// Property test of the loopback check over every IPv4 address and its IPv4-mapped IPv6 form: loopback exactly when
// the first octet is 127, however the address is written (dotted, short "127.1" style, one 32-bit number).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isLoopbackHost } from '../../../src/relay/cli/loopback.js';

const octet = fc.integer({ min: 0, max: 255 });

describe('isLoopbackHost over all IPv4 addresses', () => {
  it('dotted, 32-bit and IPv4-mapped forms agree with "first octet is 127"', () => {
    fc.assert(
      fc.property(octet, octet, octet, octet, (a, b, c, d) => {
        const loopback = a === 127;
        expect(isLoopbackHost(`${a}.${b}.${c}.${d}`)).toBe(loopback);
        expect(isLoopbackHost(String(((a << 24) >>> 0) + (b << 16) + (c << 8) + d))).toBe(loopback);
        expect(isLoopbackHost(`${a}.${(b << 16) + (c << 8) + d}`)).toBe(loopback);
        expect(isLoopbackHost(`::ffff:${a}.${b}.${c}.${d}`)).toBe(loopback);
        expect(isLoopbackHost(`[::ffff:${a}.${b}.${c}.${d}]`)).toBe(loopback);
      }),
      { numRuns: 2000 },
    );
  });
});
