// Behaviour 3: the client going away aborts the upstream request at every stage, and the upstream sees its socket
// close within a second; a normal finish does not go through the abort path.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { chatBody, eventually, postChat, readBytes, readUntil, rig, type Rig } from '../_support/helpers.js';
import { SERVER_KINDS, useServer } from '../../support/serve-relay.js';
import { SSE_HEADERS, sseChunk, sseReply, JSON_HEADERS, completionJson } from '../../support/fake-upstream.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const WITHIN = 1000;

describe.each(SERVER_KINDS)('client abort propagates to the upstream (%s server)', (server) => {
  beforeAll(() => useServer(server));
  afterAll(() => useServer('node'));
  test('while waiting for upstream headers', async () => {
    r = await rig({}, { stallBeforeHeadersMs: Infinity });
    const controller = new AbortController();
    const pending = postChat(r.relay.url, chatBody({ stream: true }), { signal: controller.signal }).catch((e) => e);
    await r.upstream.waitForRequests(1);
    controller.abort();
    await pending;
    const ex = await r.upstream.waitForClientGone(0, WITHIN);
    expect(ex.clientGone).toBe(true);
    const log = await eventually(() => r!.logs[0], 5000, 'log record');
    expect(log.error).toBe('client closed');
  });

  test('mid-stream', async () => {
    r = await rig({}, { headers: SSE_HEADERS, chunks: [sseChunk('one'), sseChunk('two')], delayMs: 5, finish: 'hang' });
    const controller = new AbortController();
    const res = await postChat(r.relay.url, chatBody({ stream: true }), { signal: controller.signal });
    const reader = res.body!.getReader();
    await readUntil(reader, (t) => t.includes('two'));
    controller.abort();
    const ex = await r.upstream.waitForClientGone(0, WITHIN);
    expect(ex.clientGone).toBe(true);
  });

  test('mid-stream, by cancelling the body reader', async () => {
    r = await rig({}, { headers: SSE_HEADERS, chunks: [sseChunk('one')], finish: 'hang' });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    const reader = res.body!.getReader();
    await readUntil(reader, (t) => t.includes('one'));
    await reader.cancel();
    await r.upstream.waitForClientGone(0, WITHIN);
  });

  test('after upstream headers, before the first byte', async () => {
    r = await rig({}, { headers: SSE_HEADERS, stallAfterHeadersMs: Infinity });
    const controller = new AbortController();
    // With heartbeats off, the relay answers only once the upstream headers arrived.
    const res = await postChat(r.relay.url, chatBody({ stream: true }), { signal: controller.signal });
    expect(res.status).toBe(200);
    controller.abort();
    await r.upstream.waitForClientGone(0, WITHIN);
  });

  test('non-stream request', async () => {
    r = await rig({}, { stallBeforeHeadersMs: Infinity });
    const controller = new AbortController();
    const pending = postChat(r.relay.url, chatBody(), { signal: controller.signal }).catch((e) => e);
    await r.upstream.waitForRequests(1);
    controller.abort();
    await pending;
    await r.upstream.waitForClientGone(0, WITHIN);
  });

  test('non-stream request, mid-body', async () => {
    const json = completionJson('a long answer');
    r = await rig({}, { headers: JSON_HEADERS, chunks: [json.slice(0, 20)], finish: 'hang' });
    const controller = new AbortController();
    const res = await postChat(r.relay.url, chatBody(), { signal: controller.signal });
    const reader = res.body!.getReader();
    await readUntil(reader, (t) => t.length >= 20);
    controller.abort();
    await r.upstream.waitForClientGone(0, WITHIN);
  });

  test('a normal finish does not abort: the upstream finishes its reply and the log has no error', async () => {
    r = await rig({}, { headers: SSE_HEADERS, chunks: sseReply(['a', 'b', 'c']), delayMs: 2 });
    for (let i = 0; i < 3; i++) {
      const res = await postChat(r.relay.url, chatBody({ stream: true }));
      const bytes = await readBytes(res);
      expect(bytes.toString()).toContain('[DONE]');
    }
    const logs = await eventually(() => (r!.logs.length === 3 ? r!.logs : undefined), 5000, '3 logs');
    for (const ex of r.upstream.exchanges) {
      expect(ex.finished).toBe(true);
      expect(ex.clientGone).toBe(false);
    }
    for (const log of logs) {
      expect(log.status).toBe(200);
      expect(log.error).toBeUndefined();
    }
  });
});
