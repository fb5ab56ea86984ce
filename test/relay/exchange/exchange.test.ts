// Behaviour 2: streaming is a byte-exact passthrough, as bytes arrive, with SSE headers and no compression.
import { beforeAll, afterAll, afterEach, describe, expect, test } from 'vitest';
import { SERVER_KINDS, useServer } from '../../support/serve-relay.js';
import { chatBody, postChat, readBytes, readUntil, rig, sseData, type Rig } from '../_support/helpers.js';
import { SSE_HEADERS, sseReply, JSON_HEADERS, completionJson, sseChunk } from '../../support/fake-upstream.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const CJK_TEXT = ['你好，世界！', '这是流式输出 🚀🎉', ' and ascii, émoji 👩‍💻 mixed'];

describe.each(SERVER_KINDS)('stream passthrough (%s server)', (server) => {
  beforeAll(() => useServer(server));
  afterAll(() => useServer('node'));
  test('client receives exactly the bytes the upstream sent, split inside multi-byte characters', async () => {
    const body = sseReply(CJK_TEXT).join('');
    const bytes = new TextEncoder().encode(body);
    // Split at every offset that lands inside a multi-byte UTF-8 sequence (continuation byte) plus a few others.
    const offsets: number[] = [];
    for (let i = 1; i < bytes.length; i++) if ((bytes[i]! & 0xc0) === 0x80 && i % 3 === 0) offsets.push(i);
    offsets.push(1, 7, 13);
    expect(offsets.length).toBeGreaterThan(10);
    r = await rig({}, { headers: SSE_HEADERS, body: bytes, splitAt: offsets, delayMs: 1 });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('content-encoding')).toBeNull();
    const received = await readBytes(res);
    const sent = r.upstream.exchanges[0]!.sent;
    expect(Buffer.compare(received, sent)).toBe(0);
    expect(Buffer.compare(received, Buffer.from(bytes))).toBe(0);
    const text = sseData(received.toString('utf8'))
      .filter((d) => d !== '[DONE]')
      .map((d) => JSON.parse(d).choices[0]?.delta?.content ?? '')
      .join('');
    expect(text).toBe(CJK_TEXT.join(''));
  });

  test('no compression even when the client asks for it', async () => {
    r = await rig({}, { headers: SSE_HEADERS, chunks: sseReply(['x'.repeat(2000)]) });
    const res = await postChat(r.relay.url, chatBody({ stream: true }), { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.headers.get('content-encoding')).toBeNull();
    const received = await readBytes(res);
    expect(Buffer.compare(received, r.upstream.exchanges[0]!.sent)).toBe(0);
    expect(r.upstream.exchanges[0]!.received.headers['accept-encoding']).toBe('identity');
  });

  test('bytes are forwarded as they arrive (first event reaches the client while the upstream still holds the rest)', async () => {
    r = await rig({}, { headers: SSE_HEADERS, chunks: [sseChunk('first')], finish: 'hang' });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    const reader = res.body!.getReader();
    const got = await readUntil(reader, (t) => t.includes('first'));
    expect(got.toString()).toBe(sseChunk('first'));
    await reader.cancel();
  });

  test('non-stream requests pass the upstream status and JSON body through', async () => {
    const json = completionJson('结果 ✓');
    r = await rig({}, { status: 200, headers: JSON_HEADERS, body: json, splitAt: [10, 50] });
    const res = await postChat(r.relay.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect((await readBytes(res)).toString('utf8')).toBe(json);
  });

  test('a 2xx non-stream status other than 200 is kept', async () => {
    r = await rig({}, { status: 201, headers: JSON_HEADERS, body: completionJson('ok') });
    const res = await postChat(r.relay.url);
    expect(res.status).toBe(201);
    await res.arrayBuffer();
  });

  test('50 concurrent streams each arrive byte-exact', async () => {
    r = await rig({}, (_received, index) => {
      const pieces = Array.from({ length: 20 }, (_, i) => `流${index}-${i} 🚀 `);
      const bytes = new TextEncoder().encode(sseReply(pieces).join(''));
      return {
        headers: SSE_HEADERS,
        body: bytes,
        splitAt: Array.from({ length: 30 }, (_, i) => 5 + i * 37),
        delayMs: 1,
      };
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const res = await postChat(r!.relay.url, chatBody({ stream: true }));
        return readBytes(res);
      }),
    );
    // Match each client body with the upstream exchange that produced it (by its unique text).
    for (const received of results) {
      const index = Number(/流(\d+)-0/.exec(received.toString('utf8'))![1]);
      expect(Buffer.compare(received, r.upstream.exchanges[index]!.sent)).toBe(0);
    }
    expect(new Set(results.map((b) => /流(\d+)-0/.exec(b.toString('utf8'))![1])).size).toBe(50);
  });
});
