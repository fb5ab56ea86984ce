// The build's PNG encoder: a valid file (signature, CRC-checked chunks) whose pixels decode back to the input.
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../../demo/pwa-icon/png.js';

function readChunks(png: Buffer): { type: string; data: Buffer }[] {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('latin1');
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)) >>> 0);
    chunks.push({ type, data });
    at += 12 + length;
  }
  return chunks;
}

describe('encodePng', () => {
  it('writes IHDR, IDAT and IEND whose rows decode back to the pixels', () => {
    const pixels = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256);
    const chunks = readChunks(encodePng(3, 2, pixels));
    expect(chunks.map((chunk) => chunk.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const header = chunks[0].data;
    expect([header.readUInt32BE(0), header.readUInt32BE(4), ...header.subarray(8)]).toEqual([3, 2, 8, 6, 0, 0, 0]);
    const rows = inflateSync(chunks[1].data);
    expect(rows.length).toBe(2 * (3 * 4 + 1));
    expect([rows[0], rows[13]]).toEqual([0, 0]);
    expect([...rows.subarray(1, 13), ...rows.subarray(14)]).toEqual([...pixels]);
  });

  it('refuses pixels that do not match the size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(RangeError);
  });
});
