// Behaviour 4: heartbeats from the moment the request is accepted, before and after the upstream's headers, and
// only ever between events.
import { beforeAll, afterAll, afterEach, describe, expect, test } from 'vitest';
import { SERVER_KINDS, useServer } from '../../support/serve-relay.js';
import { chatBody, postChat, readBytes, readUntil, rig, sseData, type Rig } from '../_support/helpers.js';
import { SSE_HEADERS, sseChunk, sseReply, JSON_HEADERS } from '../../support/fake-upstream.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

describe.each(SERVER_KINDS)('heartbeat (%s server)', (server) => {
  beforeAll(() => useServer(server));
  afterAll(() => useServer('node'));
  test('before upstream headers: commits a 200 event stream with ": ping" and then passes the reply through', async () => {
    const reply = sseReply(['late', ' answer']);
    r = await rig({ heartbeatSeconds: 0.2 }, { stallBeforeHeadersMs: 1500, headers: SSE_HEADERS, chunks: reply });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    // The response itself arrived before the upstream answered (it stalls 1.5 s; the ping is due at 200 ms).
    expect(r.upstream.exchanges[0]?.finished ?? false).toBe(false);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const body = (await readBytes(res)).toString('utf8');
    expect(body.startsWith(': ping\n\n')).toBe(true);
    // After the pings, the upstream bytes follow untouched.
    expect(body.replace(/^(: ping\n\n)+/, '')).toBe(reply.join(''));
  });

  test('after upstream headers: pings while the model is silent', async () => {
    const reply = sseReply(['thinking done']);
    r = await rig({ heartbeatSeconds: 0.2 }, { headers: SSE_HEADERS, stallAfterHeadersMs: 900, chunks: reply });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    const body = (await readBytes(res)).toString('utf8');
    expect(body.startsWith(': ping\n\n')).toBe(true);
    expect(body.replace(/^(: ping\n\n)+/, '')).toBe(reply.join(''));
  });

  test('pings between events after the stream started, never inside an event', async () => {
    const first = sseChunk('one');
    const second = sseChunk('two');
    const half = second.length >> 1;
    r = await rig({ heartbeatSeconds: 0.15 }, (_req, _i) => ({
      headers: SSE_HEADERS,
      // first event, silence (pings allowed), half an event, silence (no ping allowed), the rest.
      chunks: [first, second.slice(0, half), second.slice(half), 'data: [DONE]\n\n'],
      delayMs: 600,
    }));
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    const body = (await readBytes(res)).toString('utf8');
    expect(body).toContain(`${first}: ping\n\n`);
    // Without pings, the bytes are the upstream's exactly: nothing was injected inside the split event.
    expect(body.replaceAll(': ping\n\n', '')).toBe(first + second + 'data: [DONE]\n\n');
    expect(body).toContain(second);
  });

  test('committed early, then the upstream fails: the error arrives as a data event and the stream ends', async () => {
    r = await rig(
      { heartbeatSeconds: 0.2 },
      {
        stallBeforeHeadersMs: 1000,
        status: 429,
        headers: { ...JSON_HEADERS, 'retry-after': '7' },
        chunks: [
          JSON.stringify({
            error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' },
          }),
        ],
      },
    );
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(200);
    const body = (await readBytes(res)).toString('utf8');
    expect(body.startsWith(': ping\n\n')).toBe(true);
    const events = sseData(body);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!).error).toMatchObject({
      message: 'Rate limit reached for requests',
      code: 'rate_limit_exceeded',
    });
    expect(body.endsWith('\n\n')).toBe(true);
  });

  test('heartbeat off (0): a slow upstream is simply awaited', async () => {
    const reply = sseReply(['ok']);
    r = await rig({ heartbeatSeconds: 0 }, { stallBeforeHeadersMs: 400, headers: SSE_HEADERS, chunks: reply });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect((await readBytes(res)).toString('utf8')).toBe(reply.join(''));
  });

  test('non-stream requests get no pings (a JSON body cannot carry them)', async () => {
    r = await rig(
      { heartbeatSeconds: 0.1 },
      { stallBeforeHeadersMs: 400, headers: JSON_HEADERS, chunks: ['{"ok":true}'] },
    );
    const res = await postChat(r.relay.url, chatBody());
    expect(await res.text()).toBe('{"ok":true}');
  });

  test('the first ping is counted from acceptance, not from the upstream headers', async () => {
    r = await rig({ heartbeatSeconds: 0.2 }, { stallBeforeHeadersMs: Infinity });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    // Headers can only have come from the heartbeat: the upstream never answers.
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const got = await readUntil(reader, (t) => t.includes(': ping\n\n: ping\n\n'));
    expect(got.toString()).toMatch(/^(: ping\n\n)+$/);
    await reader.cancel();
    await r.upstream.waitForClientGone(0, 1000);
  });
});
