// Behaviour 5: upstream failures before any byte keep their status with an OpenAI-shaped JSON error; after the
// stream started they become a data: {"error":…} event and the stream ends — never a silent stop, never a hang.
import { afterEach, describe, expect, test } from 'vitest';
import { chatBody, eventually, postChat, readBytes, rig, sseData, type Rig } from '../_support/helpers.js';
import { serveRelay } from '../../support/serve-relay.js';
import { SSE_HEADERS, sseChunk, JSON_HEADERS, completionJson } from '../../support/fake-upstream.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

function expectOpenAIError(body: any) {
  expect(body).toEqual({ error: expect.objectContaining({ message: expect.any(String), type: expect.any(String) }) });
  expect('code' in body.error).toBe(true);
}

describe('errors before the first byte', () => {
  test('an HTML 502 page becomes an OpenAI-shaped JSON 502', async () => {
    r = await rig(
      {},
      {
        status: 502,
        headers: { 'content-type': 'text/html' },
        chunks: ['<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>'],
      },
    );
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = await res.json();
    expectOpenAIError(body);
    expect(body.error.message).toContain('502 Bad Gateway');
    expect(body.error.message).not.toContain('<');
  });

  test('429 keeps Retry-After and passes an OpenAI-shaped body through as-is', async () => {
    const upstreamBody =
      '{\n  "error": {\n    "message": "Rate limit reached",\n    "type": "requests",\n    "param": null,\n    "code": "rate_limit_exceeded"\n  }\n}\n';
    r = await rig({}, { status: 429, headers: { ...JSON_HEADERS, 'retry-after': '12' }, chunks: [upstreamBody] });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('12');
    expect(await res.text()).toBe(upstreamBody);
  });

  test('another provider JSON shape ({"error":"..."}) is normalized', async () => {
    r = await rig(
      {},
      {
        status: 404,
        headers: JSON_HEADERS,
        chunks: ['{"error":"model \\"llama9\\" not found, try pulling it first"}'],
      },
    );
    const res = await postChat(r.relay.url);
    expect(res.status).toBe(404);
    const body = await res.json();
    expectOpenAIError(body);
    expect(body.error.message).toBe('model "llama9" not found, try pulling it first');
  });

  test('an upstream 401 message never echoes the relay key', async () => {
    r = await rig(
      { apiKeys: ['sk-proj-REALKEY1234567890'] },
      {
        status: 401,
        headers: JSON_HEADERS,
        chunks: [
          JSON.stringify({
            error: {
              message: 'Incorrect API key provided: sk-proj-REALKEY1234567890. Also sk-proj-********7890.',
              type: 'invalid_request_error',
              code: 'invalid_api_key',
            },
          }),
        ],
      },
    );
    const res = await postChat(r.relay.url);
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(text).not.toContain('REALKEY');
    expect(text).not.toContain('7890');
    expect(JSON.parse(text).error.code).toBe('upstream_auth_failed');
  });

  test('unreachable upstream → 502 JSON', async () => {
    r = await rig();
    await r.upstream.close();
    const relay = await serveRelay({ upstream: r.upstream.url, apiKeys: ['k'], rateLimit: 0 });
    try {
      const res = await postChat(relay.url, chatBody({ stream: true }));
      expect(res.status).toBe(502);
      const body = await res.json();
      expectOpenAIError(body);
      expect(body.error.code).toBe('upstream_unreachable');
    } finally {
      await relay.close();
    }
  });

  test('idle timeout before headers → 504 JSON, and the upstream is aborted', async () => {
    r = await rig({ timeoutSeconds: 0.3 }, { stallBeforeHeadersMs: Infinity });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(504);
    const body = await res.json();
    expectOpenAIError(body);
    expect(body.error.code).toBe('upstream_timeout');
    await r.upstream.waitForClientGone(0, 2000);
  });

  test('non-stream: a 500 with JSON keeps the status', async () => {
    r = await rig(
      {},
      {
        status: 500,
        headers: JSON_HEADERS,
        chunks: ['{"error":{"message":"boom","type":"server_error","code":null}}'],
      },
    );
    const res = await postChat(r.relay.url);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { message: 'boom', type: 'server_error', code: null } });
  });
});

describe('errors after the stream started', () => {
  test('an upstream cut mid-stream becomes an error event and the stream ends', async () => {
    r = await rig({}, { headers: SSE_HEADERS, chunks: [sseChunk('partial '), sseChunk('answer')], finish: 'cut' });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(200);
    const text = (await readBytes(res)).toString('utf8');
    expect(text.startsWith(sseChunk('partial ') + sseChunk('answer'))).toBe(true);
    const events = sseData(text);
    const last = JSON.parse(events.at(-1)!);
    expect(last.error).toMatchObject({ code: 'upstream_disconnected', type: 'upstream_error' });
    const log = await eventually(() => r!.logs[0], 5000, 'log');
    expect(log.error).toBe('upstream_disconnected');
  });

  test('a cut in the middle of an event closes that event before the error event', async () => {
    const chunk = sseChunk('half');
    r = await rig({}, { headers: SSE_HEADERS, chunks: [chunk.slice(0, 20)], finish: 'cut' });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    const text = (await readBytes(res)).toString('utf8');
    expect(text.startsWith(chunk.slice(0, 20) + '\n\ndata: {"error"')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(true);
  });

  test('idle timeout mid-stream → error event, stream ends, upstream aborted', async () => {
    r = await rig({ timeoutSeconds: 0.3 }, { headers: SSE_HEADERS, chunks: [sseChunk('slow')], finish: 'hang' });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    const text = (await readBytes(res)).toString('utf8');
    const last = JSON.parse(sseData(text).at(-1)!);
    expect(last.error.code).toBe('upstream_timeout');
    await r.upstream.waitForClientGone(0, 2000);
  });

  test('shutdownSignal mid-stream → a retryable relay_shutting_down error event, stream ends, upstream aborted', async () => {
    const goingDown = new AbortController();
    r = await rig(
      { shutdownSignal: goingDown.signal },
      { headers: SSE_HEADERS, chunks: [sseChunk('long answer')], finish: 'hang' },
    );
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(200);
    const reading = readBytes(res);
    await eventually(() => r!.upstream.exchanges.length > 0 || undefined, 5000, 'upstream request');
    goingDown.abort();
    const text = (await reading).toString('utf8');
    expect(text.startsWith(sseChunk('long answer'))).toBe(true);
    const last = JSON.parse(sseData(text).at(-1)!);
    expectOpenAIError(last);
    expect(last.error.code).toBe('relay_shutting_down');
    await r.upstream.waitForClientGone(0, 2000);
  });

  test('a request arriving after shutdownSignal fired → 503 JSON, upstream never called', async () => {
    const goingDown = new AbortController();
    goingDown.abort();
    r = await rig({ shutdownSignal: goingDown.signal });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('relay_shutting_down');
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('an upstream that ends mid-event (clean close) is reported, not a silent stop', async () => {
    r = await rig({}, { headers: SSE_HEADERS, chunks: ['data: {"choices":[{"index":0,"delta":{"content":"tru'] });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    const text = (await readBytes(res)).toString('utf8');
    expect(JSON.parse(sseData(text).at(-1)!).error.code).toBe('upstream_truncated');
  });

  test('a final [DONE] without its blank line is a normal end', async () => {
    r = await rig({}, { headers: SSE_HEADERS, chunks: [sseChunk('ok'), 'data: [DONE]\n'] });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect((await readBytes(res)).toString('utf8')).toBe(sseChunk('ok') + 'data: [DONE]\n');
  });

  test('non-stream: a cut mid-body fails the transfer instead of a truncated 200', async () => {
    r = await rig({}, { headers: JSON_HEADERS, chunks: [completionJson('x').slice(0, 30)], finish: 'cut' });
    const res = await postChat(r.relay.url);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });
});

// Issue #13 part 3: an error says whose fault it is. The relay's key refused upstream is the owner's problem (502,
// upstream_auth_failed), never the 401 that asks the client for an access code; a 429 keeps the provider's reason.
describe('errors say whose fault they are', () => {
  const TOKEN = 'tok-blame-0123456789';
  const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
  const openai = (message: string, type: string, code: string) =>
    JSON.stringify({ error: { message, type, param: null, code } });

  test('upstream 403 (e.g. a region the provider does not serve) passes through as the provider said it', async () => {
    const message = 'Country, region, or territory not supported';
    const body = openai(message, 'request_forbidden', 'unsupported_country_region_territory');
    r = await rig({}, { status: 403, headers: JSON_HEADERS, chunks: [body] });
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({ message, code: 'unsupported_country_region_territory' });
  });

  for (const status of [401]) {
    test(`upstream ${status} → 502 upstream_auth_failed naming the relay's key, on chat and /v1/models`, async () => {
      const body = openai(
        'Incorrect API key provided: sk-proj-EXPIRED1234567890.',
        'invalid_request_error',
        'invalid_api_key',
      );
      r = await rig(
        { apiKeys: ['sk-proj-EXPIRED1234567890'], accessTokens: [TOKEN] },
        { status, headers: JSON_HEADERS, chunks: [body] },
      );
      for (const res of [
        await postChat(r.relay.url, chatBody({ stream: true }), auth),
        await fetch(`${r.relay.url}/v1/models`, auth),
      ]) {
        expect(res.status).toBe(502);
        expect(res.headers.get('www-authenticate')).toBeNull();
        const error = (await res.json()).error;
        expect(error.code).toBe('upstream_auth_failed');
        expect(error.type).toBe('upstream_error');
        expect(error.message).toMatch(/^The provider rejected this relay's API key; the relay's owner must fix it\./);
        expect(error.message).toContain('Incorrect API key provided');
        expect(error.message).not.toContain('EXPIRED');
      }
    });
  }

  test('an HTML 401 page from the provider is still upstream_auth_failed', async () => {
    r = await rig(
      {},
      { status: 401, headers: { 'content-type': 'text/html' }, chunks: ['<html><title>Unauthorized</title></html>'] },
    );
    const res = await postChat(r.relay.url);
    expect(res.status).toBe(502);
    const error = (await res.json()).error;
    expect(error.code).toBe('upstream_auth_failed');
    expect(error.message).toContain('Unauthorized');
  });

  test("the relay's own wrong token is still 401 invalid_access_token, and the upstream is not called", async () => {
    r = await rig(
      { accessTokens: [TOKEN] },
      { status: 401, headers: JSON_HEADERS, chunks: [openai('bad key', 'x', 'invalid_api_key')] },
    );
    const res = await postChat(r.relay.url, chatBody(), { headers: { authorization: 'Bearer tok-wrong-0123456789' } });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('invalid_access_token');
    expect(r.upstream.exchanges.length).toBe(0);
  });

  test('429 insufficient_quota keeps the provider message and code', async () => {
    const message = 'You exceeded your current quota, please check your plan and billing details.';
    r = await rig(
      {},
      { status: 429, headers: JSON_HEADERS, chunks: [openai(message, 'insufficient_quota', 'insufficient_quota')] },
    );
    const res = await postChat(r.relay.url, chatBody({ stream: true }));
    expect(res.status).toBe(429);
    expect((await res.json()).error).toMatchObject({ message, code: 'insufficient_quota', type: 'insufficient_quota' });
  });

  test('429 rate_limit_exceeded keeps its message, code and Retry-After (exposed to the browser)', async () => {
    const message = 'Rate limit reached for requests. Please try again in 2s.';
    r = await rig(
      { allowOrigins: ['https://site.example'] },
      {
        status: 429,
        headers: { ...JSON_HEADERS, 'retry-after': '2' },
        chunks: [openai(message, 'requests', 'rate_limit_exceeded')],
      },
    );
    const res = await postChat(r.relay.url, chatBody({ stream: true }), {
      headers: { origin: 'https://site.example' },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect((await res.json()).error).toMatchObject({ message, code: 'rate_limit_exceeded' });
  });
});
