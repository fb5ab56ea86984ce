// Behaviour 10: no key → the built-in `demo` model streams a Markdown showcase.
import { afterEach, describe, expect, test } from 'vitest';
import { serveRelay, type ServedRelay } from '../../support/serve-relay.js';
import { postChat, readBytes, sseData } from '../_support/helpers.js';
import { DEMO_REPLY, demoPieces } from '../../../src/relay/routes/demo.js';
import type { RequestLog } from '../../../src/relay/settings/options.js';

let relay: ServedRelay | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

describe('demo pieces', () => {
  test('small pieces that join back to the reply without splitting characters', () => {
    const pieces = demoPieces(DEMO_REPLY);
    expect(pieces.join('')).toBe(DEMO_REPLY);
    expect(pieces.length).toBeGreaterThan(100);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(16);
    for (const p of pieces) expect(p).toBe(Array.from(p).join('')); // no lone surrogates
    for (const p of pieces) expect(/[\ud800-\udbff]$/.test(p)).toBe(false);
  });
  test('the showcase has headings, a list, a table, code in two languages and Chinese', () => {
    expect(DEMO_REPLY).toMatch(/^# /m);
    expect(DEMO_REPLY).toMatch(/^## /m);
    expect(DEMO_REPLY).toMatch(/^1\. /m);
    expect(DEMO_REPLY).toMatch(/^\|.*\|$/m);
    expect(DEMO_REPLY).toContain('```ts');
    expect(DEMO_REPLY).toContain('```python');
    expect(DEMO_REPLY).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('demo model over HTTP', () => {
  test('streams OpenAI chunks, then a usage chunk and [DONE]', async () => {
    const logs: RequestLog[] = [];
    relay = await serveRelay({ demoDelayMs: 0, log: (l) => logs.push(l) });
    const res = await postChat(
      relay.url,
      JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], stream: true }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const data = sseData((await readBytes(res)).toString('utf8'));
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'demo')).toBe(true);
    const usage = chunks.at(-1);
    expect(usage.choices).toEqual([]);
    expect(usage.usage.total_tokens).toBeGreaterThan(0);
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe(DEMO_REPLY);
    expect(chunks.length).toBeGreaterThan(100);
    expect(logs[0]).toMatchObject({ model: 'demo', status: 200 });
    expect(logs[0]!.usage?.total_tokens).toBeGreaterThan(0);
  });

  test('waits demoDelayMs between chunks (so it visibly streams)', async () => {
    relay = await serveRelay({ demoDelayMs: 30 });
    const res = await postChat(
      relay.url,
      JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'hi' }], stream: true }),
    );
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('"role":"assistant"');
    await reader.cancel();
  });

  test('non-stream answer', async () => {
    relay = await serveRelay({ demoDelayMs: 0 });
    const res = await postChat(
      relay.url,
      JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'hi' }] }),
    );
    const body = await res.json();
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'demo',
      choices: [{ message: { role: 'assistant', content: DEMO_REPLY }, finish_reason: 'stop' }],
    });
    expect(body.usage.total_tokens).toBeGreaterThan(0);
  });

  test('GET /v1/models lists demo; other models are refused with a hint', async () => {
    relay = await serveRelay({ demoDelayMs: 0 });
    const models = await (await fetch(`${relay.url}/v1/models`)).json();
    expect(models).toMatchObject({ object: 'list', data: [{ id: 'demo', object: 'model' }] });
    const res = await postChat(
      relay.url,
      JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('model_not_allowed');
    expect(body.error.message).toMatch(/API key/);
    const health = await (await fetch(`${relay.url}/health`)).json();
    expect(health).toEqual({ status: 'ok', demo: true });
  });

  test('ollama needs no key, so no key does not mean demo there', async () => {
    relay = await serveRelay({ provider: 'ollama', upstream: 'http://127.0.0.1:9/v1' });
    expect(await (await fetch(`${relay.url}/health`)).json()).toEqual({ status: 'ok', demo: false });
  });
});
