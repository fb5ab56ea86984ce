// The official openai SDK as a client through the relay: streaming and non-streaming, fake upstream and demo.
import OpenAI from 'openai';
import { afterEach, describe, expect, test } from 'vitest';
import { rig, type Rig } from './_support/helpers.js';
import { serveRelay, type ServedRelay } from '../support/serve-relay.js';
import { SSE_HEADERS, sseReply, JSON_HEADERS, completionJson } from '../support/fake-upstream.js';
import { DEMO_REPLY } from '../../src/relay/routes/demo.js';

let r: Rig | undefined;
let relay: ServedRelay | undefined;
afterEach(async () => {
  await r?.close();
  await relay?.close();
  r = relay = undefined;
});

const client = (url: string, apiKey = 'client-access-token') =>
  new OpenAI({ baseURL: `${url}/v1`, apiKey, maxRetries: 0, timeout: 15_000 });

describe('openai SDK through the relay', () => {
  test('streaming against the fake upstream (CJK split across chunks)', async () => {
    const pieces = ['你好', '，世界', ' 🌏 done'];
    const body = sseReply(pieces).join('');
    const bytes = new TextEncoder().encode(body);
    const splits = [];
    for (let i = 3; i < bytes.length; i += 7) splits.push(i);
    r = await rig({ accessTokens: ['client-access-token'] }, { headers: SSE_HEADERS, body: bytes, splitAt: splits });
    const stream = await client(r.relay.url).chat.completions.create({
      model: 'fake-model',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(pieces.join(''));
    expect(usage?.total_tokens).toBe(7 + pieces.length);
    expect(r.upstream.exchanges[0]!.received.headers.authorization).toBe('Bearer sk-upstream-secret-1');
  });

  test('non-streaming against the fake upstream', async () => {
    r = await rig({}, { headers: JSON_HEADERS, chunks: [completionJson('plain answer')] });
    const completion = await client(r.relay.url).chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]!.message.content).toBe('plain answer');
    expect(completion.usage?.total_tokens).toBe(8);
  });

  test('errors surface as SDK APIError with the upstream status', async () => {
    r = await rig(
      {},
      {
        status: 429,
        headers: { ...JSON_HEADERS, 'retry-after': '1' },
        chunks: ['{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}'],
      },
    );
    const error = await client(r.relay.url)
      .chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain('slow down');
  });

  test('an error event mid-stream makes the SDK throw (not a silent end)', async () => {
    r = await rig({}, { headers: SSE_HEADERS, chunks: sseReply(['partial']).slice(0, 2), finish: 'cut' });
    const stream = await client(r.relay.url).chat.completions.create({
      model: 'fake-model',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    })().catch((e: unknown) => e);
    expect(text).toBe('partial');
    expect(error).toBeInstanceOf(OpenAI.APIError);
  });

  test('demo model: streaming and non-streaming', async () => {
    relay = await serveRelay({ demoDelayMs: 0 });
    const models = await client(relay.url).models.list();
    expect(models.data.map((m) => m.id)).toEqual(['demo']);
    const stream = await client(relay.url).chat.completions.create({
      model: 'demo',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe(DEMO_REPLY);
    const completion = await client(relay.url).chat.completions.create({
      model: 'demo',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]!.message.content).toBe(DEMO_REPLY);
  });
  test('image content parts: a data: URL passes unchanged, an http: URL is a BadRequestError naming the part', async () => {
    r = await rig({}, { headers: JSON_HEADERS, chunks: [completionJson('a red dot')] });
    const png =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
    const content: OpenAI.ChatCompletionContentPart[] = [
      { type: 'text', text: 'what is this?' },
      { type: 'image_url', image_url: { url: png } },
    ];
    const ok = await client(r.relay.url).chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content }],
    });
    expect(ok.choices[0]!.message.content).toBe('a red dot');
    expect(r.upstream.exchanges[0]!.received.json.messages[0].content).toEqual(content);

    const refused = client(r.relay.url).chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'http://example.com/x.png' } }] }],
    });
    await expect(refused).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(refused).rejects.toMatchObject({ status: 400, param: 'messages[0].content[0].image_url.url' });
    expect(r.upstream.exchanges).toHaveLength(1);
  });
});
