// Routes: /health, /v1/models (allowlist or upstream list), assets, 404 and 405 — all OpenAI-shaped.
import { afterEach, describe, expect, test } from 'vitest';
import { eventually, rig, type Rig } from './_support/helpers.js';
import { JSON_HEADERS } from '../support/fake-upstream.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

describe('routes', () => {
  test('GET /health is 200 JSON and never calls the upstream', async () => {
    r = await rig();
    const res = await fetch(`${r.relay.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', demo: false });
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('GET /v1/models: the allowlist, without calling the upstream', async () => {
    r = await rig({ models: ['a', 'b'] });
    const body = await (await fetch(`${r.relay.url}/v1/models`)).json();
    expect(body.data.map((m: { id: string }) => m.id)).toEqual(['a', 'b']);
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('GET /v1/models without an allowlist: proxied from the upstream with the relay key only', async () => {
    const list = '{"object":"list","data":[{"id":"up-1","object":"model"}]}';
    r = await rig({}, { headers: JSON_HEADERS, chunks: [list] });
    const res = await fetch(`${r.relay.url}/v1/models`, { headers: { authorization: 'Bearer client', cookie: 'c=1' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(list);
    const ex = r.upstream.exchanges[0]!;
    expect(ex.received.method).toBe('GET');
    expect(ex.received.path).toBe('/v1/models');
    expect(ex.received.headers.authorization).toBe('Bearer sk-upstream-secret-1');
    expect(ex.received.headers.cookie).toBeUndefined();
  });

  test('GET /v1/models upstream error → OpenAI-shaped error with its status', async () => {
    r = await rig(
      {},
      { status: 503, headers: { 'content-type': 'text/html', 'retry-after': '3' }, chunks: ['<h1>down</h1>'] },
    );
    const res = await fetch(`${r.relay.url}/v1/models`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
    expect((await res.json()).error.message).toMatch(/503/);
  });

  test('assets: GET / and /gpt-chat.js come from options.assets; null → 404 JSON', async () => {
    const asked: string[] = [];
    r = await rig({
      assets: (pathname) => {
        asked.push(pathname);
        if (pathname === '/')
          return new Response('<!doctype html><title>page</title>', { headers: { 'content-type': 'text/html' } });
        if (pathname === '/gpt-chat.js')
          return new Response('export {}', { headers: { 'content-type': 'text/javascript' } });
        if (pathname === '/chunks/a.js') return new Response('1', { headers: { 'content-type': 'text/javascript' } });
        return null;
      },
    });
    expect(await (await fetch(`${r.relay.url}/`)).text()).toContain('<title>page</title>');
    const js = await fetch(`${r.relay.url}/gpt-chat.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript');
    expect(await js.text()).toBe('export {}');
    expect((await fetch(`${r.relay.url}/chunks/a.js`)).status).toBe(200);
    const missing = await fetch(`${r.relay.url}/missing.png`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.type).toBe('not_found_error');
    expect(asked).toEqual(['/', '/gpt-chat.js', '/chunks/a.js', '/missing.png']);
  });

  test('no assets function → 404 JSON for /', async () => {
    r = await rig();
    const res = await fetch(`${r.relay.url}/`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  test('unknown API routes → 404 JSON (not assets)', async () => {
    let called = false;
    r = await rig({ assets: () => ((called = true), null) });
    const res = await fetch(`${r.relay.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
    expect(called).toBe(false);
  });

  test('wrong method on a known route → 405 with Allow', async () => {
    r = await rig();
    const get = await fetch(`${r.relay.url}/v1/chat/completions`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toContain('POST');
    expect((await get.json()).error.code).toBe('method_not_allowed');
    const del = await fetch(`${r.relay.url}/v1/models`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toContain('GET');
    const post = await fetch(`${r.relay.url}/health`, { method: 'POST' });
    expect(post.status).toBe(405);
    const page = await fetch(`${r.relay.url}/`, { method: 'PUT' });
    expect(page.status).toBe(405);
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('app.fetch works without a server (web-standard handler)', async () => {
    const { createRelay } = await import('../../src/relay/index.js');
    const app = createRelay({ demoDelayMs: 0 });
    const res = await app.fetch(
      new Request('http://relay.local/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"messages":[{"role":"user","content":"hi"}],"stream":true}',
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('data: [DONE]');
  });
});

describe('health for monitors', () => {
  test('HEAD /health is 200 with no body', async () => {
    r = await rig();
    const res = await fetch(`${r.relay.url}/health`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const log = await eventually(() => r!.logs[0], 5000, 'log');
    expect(log).toMatchObject({ method: 'HEAD', path: '/health', status: 200 });
  });
});
