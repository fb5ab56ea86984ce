// Fallback over real HTTP, a primary upstream failing on cue and a backup: each trigger (connect refused, no
// headers in time, 429, 500) moves to the next model before anything reached the client — even with heartbeats
// due — and the answer names the model that gave it; after the first byte an error stays an error event. The
// official openai SDK streams through a fallback.
import OpenAI from 'openai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RelayOptions, RequestLog } from '../../../src/relay/settings/options.js';
import { serveRelay, type ServedRelay } from '../../support/serve-relay.js';
import {
  SSE_HEADERS,
  sseChunk,
  sseReply,
  startFakeUpstream,
  type FakeUpstream,
  type Reply,
} from '../../support/fake-upstream.js';
import { sseData } from '../_support/helpers.js';

let primary: FakeUpstream;
let backup: FakeUpstream;
let closedPort: string;
let primaryReply: Reply;
const served: ServedRelay[] = [];
let logs: RequestLog[] = [];

async function relayWith(primaryURL: string, extra: RelayOptions = {}): Promise<ServedRelay> {
  const relay = await serveRelay({
    rateLimit: 0,
    heartbeatSeconds: 0,
    log: (record) => logs.push(record),
    providers: [
      { name: 'openai', baseURL: primaryURL, keys: ['sk-openai-key-1'], models: ['gpt-4o'] },
      { name: 'deepseek', baseURL: backup.url, keys: ['sk-deepseek-key-1'], models: ['deepseek-chat'] },
    ],
    fallbacks: { 'gpt-4o': ['deepseek-chat'] },
    ...extra,
  });
  served.push(relay);
  return relay;
}

function chat(relay: ServedRelay, stream = true): Promise<Response> {
  return fetch(`${relay.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o', stream, messages: [{ role: 'user', content: 'hi' }] }),
  });
}

const content = (text: string) =>
  sseData(text)
    .filter((d) => d !== '[DONE]')
    .map(
      (d) =>
        (JSON.parse(d) as { choices?: Array<{ delta?: { content?: string } }> }).choices?.[0]?.delta?.content ?? '',
    )
    .join('');

beforeAll(async () => {
  primary = await startFakeUpstream(() => primaryReply);
  backup = await startFakeUpstream({ chunks: sseReply(['from ', 'backup']), headers: SSE_HEADERS });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  logs = [];
});
afterAll(async () => {
  await Promise.all(served.map((relay) => relay.close()));
  await primary.close();
  await backup.close();
});

describe('fallback', () => {
  it.each([429, 500, 503])('on a %i from the primary, the backup answers and is named', async (status) => {
    primaryReply = { status, body: '{"error":{"message":"busy"}}', headers: { 'content-type': 'application/json' } };
    const relay = await relayWith(primary.url);
    const res = await chat(relay);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-gpt-chat-model')).toBe('deepseek-chat');
    expect(content(await res.text())).toBe('from backup');
    expect(backup.exchanges.at(-1)!.received.json.model).toBe('deepseek-chat');
    expect(backup.exchanges.at(-1)!.received.headers.authorization).toBe('Bearer sk-deepseek-key-1');
    await expect.poll(() => logs.length).toBe(1);
    expect(logs[0]!.tries).toBe(`gpt-4o@openai ${status} > deepseek-chat@deepseek 200`);
    expect(logs[0]!.status).toBe(200);
  });

  it('on connect refused, the backup answers', async () => {
    const relay = await relayWith(closedPort);
    const res = await chat(relay, false);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-gpt-chat-model')).toBe('deepseek-chat');
    await res.text();
    await expect.poll(() => logs[0]?.tries).toBe('gpt-4o@openai unreachable > deepseek-chat@deepseek 200');
  });

  it('on no headers within --fallback-timeout, the backup answers; heartbeats meanwhile do not commit', async () => {
    primaryReply = { stallBeforeHeadersMs: 5_000, chunks: sseReply(['late']), headers: SSE_HEADERS };
    const relay = await relayWith(primary.url, { fallbackTimeoutSeconds: 0.4, heartbeatSeconds: 0.05 });
    const res = await chat(relay);
    expect(res.headers.get('x-gpt-chat-model')).toBe('deepseek-chat');
    expect(content(await res.text())).toBe('from backup');
    await expect.poll(() => logs[0]?.tries).toBe('gpt-4o@openai timeout > deepseek-chat@deepseek 200');
  });

  it('the last model failing is the answer: its error, named', async () => {
    primaryReply = {
      status: 500,
      body: '{"error":{"message":"down"}}',
      headers: { 'content-type': 'application/json' },
    };
    const relay = await relayWith(primary.url, { fallbacks: { 'gpt-4o': ['gpt-4o'] } });
    const res = await chat(relay);
    expect(res.status).toBe(500);
    expect(res.headers.get('x-gpt-chat-model')).toBe('gpt-4o');
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('down');
    await expect.poll(() => logs[0]?.tries).toBe('gpt-4o@openai 500 > gpt-4o@openai 500');
  });

  it('never after the first byte: a primary that breaks mid-stream ends with an error event, no retry', async () => {
    primaryReply = { chunks: [sseChunk('partial ')], headers: SSE_HEADERS, finish: 'cut' };
    const relay = await relayWith(primary.url);
    const before = backup.exchanges.length;
    const res = await chat(relay);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-gpt-chat-model')).toBe('gpt-4o');
    const text = await res.text();
    expect(content(text.replace(/data: \{"error".*\n\n/, ''))).toBe('partial ');
    expect(text).toContain('"upstream_disconnected"');
    expect(backup.exchanges.length).toBe(before);
  });

  it('the official openai SDK streams through a fallback', async () => {
    primaryReply = {
      status: 503,
      body: '{"error":{"message":"overloaded"}}',
      headers: { 'content-type': 'application/json' },
    };
    const relay = await relayWith(primary.url);
    const client = new OpenAI({ baseURL: `${relay.url}/v1`, apiKey: 'unused-by-an-open-relay', maxRetries: 0 });
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(response.headers.get('x-gpt-chat-model')).toBe('deepseek-chat');
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('from backup');
  });
});
