// Behaviour 1: the relay authenticates to the upstream itself and forwards nothing of the client's identity or
// choice of destination.
import { afterEach, describe, expect, test } from 'vitest';
import { chatBody, postChat, readBytes, rig, type Rig } from './_support/helpers.js';
import {
  startFakeUpstream,
  SSE_HEADERS,
  sseReply,
  JSON_HEADERS,
  completionJson,
  type FakeUpstream,
} from '../support/fake-upstream.js';

let r: Rig | undefined;
let evil: FakeUpstream | undefined;
afterEach(async () => {
  await r?.close();
  await evil?.close();
  r = evil = undefined;
});

describe('upstream request built by the relay', () => {
  test('sends only its own Bearer key, never the client Authorization, cookies or other headers', async () => {
    r = await rig({ accessTokens: ['client-token-abc'] });
    const res = await postChat(r.relay.url, chatBody({ stream: true }), {
      headers: {
        authorization: 'Bearer client-token-abc',
        cookie: 'session=user-cookie-xyz',
        'x-custom-header': 'client-value',
        'openai-organization': 'org-client',
        'x-forwarded-for': '203.0.113.9',
        'user-agent': 'client-agent/1.0',
      },
    });
    expect(res.status).toBe(200);
    await readBytes(res);
    const [ex] = await r.upstream.waitForRequests(1);
    const h = ex!.received.headers;
    expect(ex!.received.method).toBe('POST');
    expect(ex!.received.path).toBe('/v1/chat/completions');
    expect(h.authorization).toBe('Bearer sk-upstream-secret-1');
    expect(h['content-type']).toBe('application/json');
    expect(h.accept).toBe('text/event-stream');
    expect(h.cookie).toBeUndefined();
    expect(h['x-custom-header']).toBeUndefined();
    expect(h['openai-organization']).toBeUndefined();
    expect(h['x-forwarded-for']).toBeUndefined();
    expect(h['user-agent']).not.toBe('client-agent/1.0');
    expect(JSON.stringify(h)).not.toContain('client-token-abc');
    expect(JSON.stringify(h)).not.toContain('user-cookie-xyz');
  });

  test('adds stream_options.include_usage for streams and keeps the rest of the body', async () => {
    r = await rig();
    const res = await postChat(r.relay.url, chatBody({ stream: true, temperature: 0.3, stream_options: { other: 1 } }));
    await readBytes(res);
    const [ex] = await r.upstream.waitForRequests(1);
    expect(ex!.received.json).toMatchObject({
      model: 'fake-model',
      stream: true,
      temperature: 0.3,
      stream_options: { other: 1, include_usage: true },
    });
  });

  test('does not add stream_options to non-stream requests', async () => {
    r = await rig({}, { headers: JSON_HEADERS, chunks: [completionJson('hi')] });
    const res = await postChat(r.relay.url);
    expect(res.status).toBe(200);
    await res.json();
    expect(r.upstream.exchanges[0]!.received.json.stream_options).toBeUndefined();
    expect(r.upstream.exchanges[0]!.received.headers.accept).toBe('application/json');
  });

  test('a request cannot choose the upstream via headers, query or body', async () => {
    evil = await startFakeUpstream({ headers: SSE_HEADERS, chunks: sseReply(['evil']) });
    r = await rig();
    const res = await fetch(
      `${r.relay.url}/v1/chat/completions?upstream=${encodeURIComponent(evil.url)}&base_url=${encodeURIComponent(evil.url)}&proxy=${encodeURIComponent(evil.origin)}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-upstream': evil.url,
          'x-base-url': evil.url,
          'x-forwarded-host': new URL(evil.origin).host,
          'x-proxy': evil.origin,
        },
        body: chatBody({ stream: true }),
      },
    );
    expect(res.status).toBe(200);
    const text = (await readBytes(res)).toString();
    expect(text).toContain('Hello');
    expect(r.upstream.exchanges).toHaveLength(1);
    expect(r.upstream.exchanges[0]!.received.url).toBe('/v1/chat/completions');
    // Fields naming an upstream are not chat parameters: refused, nothing is sent anywhere.
    for (const field of ['base_url', 'upstream', 'baseURL']) {
      const refused = await postChat(r.relay.url, chatBody({ stream: true, [field]: evil.url }));
      expect(refused.status).toBe(400);
      expect((await refused.json()).error).toMatchObject({ code: 'param_not_allowed', param: field });
    }
    expect(r.upstream.exchanges).toHaveLength(1);
    expect(evil.exchanges).toHaveLength(0);
  });

  test('a path that looks like another upstream URL is just a 404', async () => {
    evil = await startFakeUpstream();
    r = await rig();
    const res = await fetch(`${r.relay.url}/${encodeURIComponent(evil.url)}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chatBody(),
    });
    expect(res.status).toBe(404);
    expect((await res.json()).error.type).toBe('not_found_error');
    expect(evil.exchanges).toHaveLength(0);
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('azure: api-key header (no Authorization) and the api-version from the configured URL', async () => {
    r = await rig((up) => ({
      provider: 'azure',
      upstream: `${up.origin}/openai/deployments/gpt4o?api-version=2024-10-21`,
      apiKeys: ['azure-key-1'],
    }));
    const res = await postChat(r.relay.url, chatBody({ stream: true }), {
      headers: { authorization: 'Bearer client' },
    });
    await readBytes(res);
    const [ex] = await r.upstream.waitForRequests(1);
    expect(ex!.received.url).toBe('/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21');
    expect(ex!.received.headers['api-key']).toBe('azure-key-1');
    expect(ex!.received.headers.authorization).toBeUndefined();
  });
});
