// The Node path aborts its upstream request through a plain handle (fast-path.ts), not an AbortController: every
// way an exchange ends early still reaches the upstream socket — the client going away before headers and
// mid-stream, the idle timeout before headers and mid-stream — and a normal finish aborts nothing.
// (The send timeout on this path: timers.send-timeout.test.ts; the web path: exchange.abort.test.ts.)
import { afterEach, describe, expect, test } from 'vitest';
import { chatBody, eventually, postChat, readBytes, readUntil, rig, sseData, type Rig } from '../_support/helpers.js';
import { nodeFetch, type NodeFetch } from '../_support/node-fetch.js';
import { SSE_HEADERS, sseChunk, sseReply } from '../../support/fake-upstream.js';
import type { Reply } from '../../support/fake-upstream.js';
import type { RelayOptions } from '../../../src/relay/settings/options.js';

let r: Rig | undefined;
let f: NodeFetch | undefined;
afterEach(async () => {
  await r?.close();
  await f?.destroy();
  r = f = undefined;
});

const WITHIN = 1000;

async function setup(options: RelayOptions, reply: Reply): Promise<Rig> {
  // undici's own timeouts stay at their 600 s default here: only the relay's timer can end these requests.
  f = nodeFetch();
  r = await rig({ ...options, fetch: f.fetch }, reply);
  return r;
}

/** The one upstream request went through the fast path with a handle, and no web signal was made for it. */
function expectHandleOnly(): void {
  expect(f!.handles).toHaveLength(1);
  expect(f!.signals).toHaveLength(0);
}

describe('upstream aborts through the Node fast path (plain handle)', () => {
  test('client gone while waiting for upstream headers', async () => {
    await setup({}, { stallBeforeHeadersMs: Infinity });
    const controller = new AbortController();
    const pending = postChat(r!.relay.url, chatBody({ stream: true }), { signal: controller.signal }).catch((e) => e);
    await r!.upstream.waitForRequests(1);
    controller.abort();
    await pending;
    expect((await r!.upstream.waitForClientGone(0, WITHIN)).clientGone).toBe(true);
    expectHandleOnly();
    expect(f!.handles[0]!.aborted).toBe(true);
    expect((await eventually(() => r!.logs[0], 5000, 'log record')).error).toBe('client closed');
  });

  test('client gone mid-stream', async () => {
    await setup({}, { headers: SSE_HEADERS, chunks: [sseChunk('one'), sseChunk('two')], delayMs: 5, finish: 'hang' });
    const controller = new AbortController();
    const res = await postChat(r!.relay.url, chatBody({ stream: true }), { signal: controller.signal });
    await readUntil(res.body!.getReader(), (t) => t.includes('two'));
    controller.abort();
    expect((await r!.upstream.waitForClientGone(0, WITHIN)).clientGone).toBe(true);
    expectHandleOnly();
    expect(f!.handles[0]!.reason).toMatchObject({ name: 'AbortError' });
  });

  test('idle timeout before headers → 504, upstream aborted', async () => {
    await setup({ timeoutSeconds: 0.3 }, { stallBeforeHeadersMs: Infinity });
    const res = await postChat(r!.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(504);
    expect((await res.json()).error.code).toBe('upstream_timeout');
    await r!.upstream.waitForClientGone(0, 2000);
    expectHandleOnly();
    expect(f!.handles[0]!.reason).toMatchObject({ name: 'TimeoutError' });
  });

  test('idle timeout mid-stream → error event, upstream aborted', async () => {
    await setup({ timeoutSeconds: 0.3 }, { headers: SSE_HEADERS, chunks: [sseChunk('slow')], finish: 'hang' });
    const res = await postChat(r!.relay.url, chatBody({ stream: true }));
    const text = (await readBytes(res)).toString('utf8');
    expect(JSON.parse(sseData(text).at(-1)!).error.code).toBe('upstream_timeout');
    await r!.upstream.waitForClientGone(0, 2000);
    expectHandleOnly();
  });

  test('a normal finish aborts nothing and leaves no listener on the handle', async () => {
    await setup({}, { headers: SSE_HEADERS, chunks: sseReply(['a', 'b']), delayMs: 2 });
    const res = await postChat(r!.relay.url, chatBody({ stream: true }));
    expect((await readBytes(res)).toString()).toContain('[DONE]');
    await eventually(() => r!.logs[0], 5000, 'log record');
    expectHandleOnly();
    const handle = f!.handles[0]! as NodeFetch['handles'][number] & { listenerCount(): number };
    expect(handle.aborted).toBe(false);
    expect(handle.listenerCount()).toBe(0);
    expect(r!.upstream.exchanges[0]!.clientGone).toBe(false);
  });
});

describe('a fetch without the fast path still gets a web AbortSignal', () => {
  test('client gone: the signal given to the fetch aborts, and the upstream sees it', async () => {
    const plain = nodeFetch();
    const fetchOnly = ((input, init) => plain.fetch(input, init)) as typeof globalThis.fetch;
    f = plain;
    r = await rig({ fetch: fetchOnly }, { stallBeforeHeadersMs: Infinity });
    const controller = new AbortController();
    const pending = postChat(r.relay.url, chatBody({ stream: true }), { signal: controller.signal }).catch((e) => e);
    await r.upstream.waitForRequests(1);
    controller.abort();
    await pending;
    await r.upstream.waitForClientGone(0, WITHIN);
    expect(plain.handles).toHaveLength(0);
    expect(plain.signals).toHaveLength(1);
    expect(plain.signals[0]).toBeInstanceOf(AbortSignal);
    expect(plain.signals[0]!.aborted).toBe(true);
  });
});
