// readableChunkSource over a real node:http request: takeComplete() hands over a body that has fully arrived in
// one piece (every chunk, in order) and declines one still arriving, which then streams through start()/resume().
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readableChunkSource } from '../../../../src/relay/runtimes/node/readable-source.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Serves one request with `handle`, sends `pieces` as its body (one write each, then end after `endAfterMs`). */
async function exchange(
  handle: (req: IncomingMessage) => Promise<Buffer>,
  pieces: Buffer[],
  endAfterMs = 0,
): Promise<Buffer> {
  server = createServer(async (req, res) => res.end(await handle(req)));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: '/', headers: { 'content-type': 'application/octet-stream' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
      },
    );
    req.on('error', reject);
    for (const piece of pieces) req.write(piece);
    setTimeout(() => req.end(), endAfterMs);
  });
}

// A paused request buffers up to its highWaterMark (16 KB) before node:http stops reading, so only a body that
// fits can be complete before anyone reads it: the case takeComplete() is for (a chat request is a few KB).
const small = Array.from({ length: 6 }, (_, i) => Buffer.alloc(2 * 1024, 65 + i)); // 12 KB, "AAA…BBB…"
const smallWhole = Buffer.concat(small);
const pieces = Array.from({ length: 20 }, (_, i) => Buffer.alloc(16 * 1024, 65 + i)); // 320 KB
const whole = Buffer.concat(pieces);

describe('readableChunkSource(request).takeComplete', () => {
  it('returns the whole body, every chunk in order, once node:http has seen its end', async () => {
    const echoed = await exchange(async (req) => {
      while (!req.complete) await new Promise((resolve) => setTimeout(resolve, 5));
      const body = readableChunkSource(req, 'detach').takeComplete!();
      return Buffer.from(body === null ? 'null' : `${body.byteLength}:${Buffer.from(body).equals(smallWhole)}`);
    }, small);
    expect(echoed.toString()).toBe(`${smallWhole.byteLength}:true`);
  });

  it('returns null while the body is still arriving; the rest then streams through start/resume', async () => {
    const echoed = await exchange(
      async (req) => {
        const source = readableChunkSource(req, 'detach');
        const early = source.takeComplete!();
        const chunks: Uint8Array[] = [];
        await new Promise<void>((resolve, reject) => {
          source.start({ data: (c) => chunks.push(c), end: resolve, error: reject });
          source.resume();
        });
        return Buffer.from(`${early === null}:${Buffer.concat(chunks).equals(whole)}`);
      },
      pieces,
      200,
    );
    expect(echoed.toString()).toBe('true:true');
  });
});
