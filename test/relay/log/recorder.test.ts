// Behaviour 8: one log record per request, when its body finishes; never the key, the token or message text.
import { afterEach, describe, expect, test } from 'vitest';
import { chatBody, eventually, postChat, readBytes, readUntil, rig, USER_TEXT, type Rig } from '../_support/helpers.js';
import { SSE_HEADERS, sseReply, sseChunk, JSON_HEADERS, completionJson } from '../../support/fake-upstream.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const MODEL_TEXT = 'the model says something private';

describe('request log', () => {
  test('a stream: time, ip, model, status, ttfb, duration, bytes, usage; no key/token/message text', async () => {
    r = await rig(
      { accessTokens: ['client-token-zzz'] },
      { headers: SSE_HEADERS, chunks: sseReply([MODEL_TEXT], { prompt: 11, completion: 22 }) },
    );
    const res = await postChat(r.relay.url, chatBody({ stream: true }), {
      headers: { authorization: 'Bearer client-token-zzz' },
    });
    const bytes = await readBytes(res);
    const log = await eventually(() => r!.logs[0], 5000, 'log');
    expect(r.logs).toHaveLength(1);
    expect(log).toMatchObject({
      ip: '127.0.0.1',
      method: 'POST',
      path: '/v1/chat/completions',
      model: 'fake-model',
      status: 200,
      bytes: bytes.length,
      usage: { prompt_tokens: 11, completion_tokens: 22, total_tokens: 33 },
    });
    expect(Date.parse(log.time)).not.toBeNaN();
    expect(log.ttfbMs).toBeGreaterThanOrEqual(0);
    expect(log.durationMs).toBeGreaterThanOrEqual(log.ttfbMs!);
    const text = JSON.stringify(r.logs);
    expect(text).not.toContain('sk-upstream-secret-1');
    expect(text).not.toContain('client-token-zzz');
    expect(text).not.toContain(USER_TEXT);
    expect(text).not.toContain(MODEL_TEXT);
  });

  test('a usage chunk split across upstream reads is still found', async () => {
    const body = sseReply(['x'], { prompt: 3, completion: 4 }).join('');
    const at = body.indexOf('"usage"') + 5;
    r = await rig({}, { headers: SSE_HEADERS, body, splitAt: [at, at + 9] });
    await readBytes(await postChat(r.relay.url, chatBody({ stream: true })));
    const log = await eventually(() => r!.logs[0], 5000, 'log');
    expect(log.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
  });

  test('non-stream usage and errors are logged; the record waits for the body to finish', async () => {
    r = await rig(
      {},
      {
        headers: JSON_HEADERS,
        chunks: [completionJson('hi', { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 })],
      },
    );
    await (await postChat(r.relay.url)).text();
    const log = await eventually(() => r!.logs[0], 5000, 'log');
    expect(log.usage).toEqual({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });

    r.upstream.reply({ headers: SSE_HEADERS, chunks: [sseChunk('still going')], finish: 'hang' });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    const reader = res.body!.getReader();
    await readUntil(reader, (t) => t.includes('still going'));
    expect(r.logs).toHaveLength(1); // not yet: the body is not finished
    await reader.cancel();
    const second = await eventually(() => r!.logs[1], 5000, 'second log');
    expect(second.error).toBe('client closed');
  });

  test('guard refusals and other routes are logged too, with their status', async () => {
    r = await rig({ accessTokens: ['t-0123456789abcdef'] });
    await (await postChat(r.relay.url, chatBody({ messages: [{ role: 'user', content: 'sensitive words' }] }))).text();
    await (await fetch(`${r.relay.url}/health`)).text();
    await (await fetch(`${r.relay.url}/nope`)).text();
    const logs = await eventually(() => (r!.logs.length === 3 ? r!.logs : undefined), 5000, 'logs');
    expect(logs.map((l) => [l.path, l.status])).toEqual([
      ['/v1/chat/completions', 401],
      ['/health', 200],
      ['/nope', 404],
    ]);
    expect(JSON.stringify(logs)).not.toContain('sensitive words');
  });

  test('client IP: X-Forwarded-For last hop (the one the trusted proxy appended) only with trustProxy, else the socket address or clientIp()', async () => {
    r = await rig({ trustProxy: true });
    await (await fetch(`${r.relay.url}/health`, { headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' } })).text();
    // The first entry is whatever the client wrote; the last is what the proxy saw.
    expect((await eventually(() => r!.logs[0], 5000, 'log')).ip).toBe('203.0.113.7');
    await r.close();
    r = await rig({ clientIp: () => '192.0.2.55' });
    await (await fetch(`${r.relay.url}/health`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).text();
    expect((await eventually(() => r!.logs[0], 5000, 'log')).ip).toBe('192.0.2.55');
  });
});
