// Issue 11, part 4: no configured key or access token reaches a client, in any field of anything the upstream
// answers — error bodies, /v1/models, JSON completions, SSE streams (a secret split across chunks anywhere) —
// while streams without secrets stay byte-exact and the openai SDK still reads a redacted stream.
import OpenAI from 'openai';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { chatBody, postChat, readBytes, rig, type Rig } from '../_support/helpers.js';
import { completionJson, JSON_HEADERS, SSE_HEADERS, sseChunk, sseReply } from '../../support/fake-upstream.js';

const KEY = 'sk-proj-KEY0123456789abcdef';
const TOKEN = 'client-token-XYZ987';
const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
const secrets = { apiKeys: [KEY], accessTokens: [TOKEN] };
const redacted = (text: string) => text.replaceAll(KEY, '[redacted]').replaceAll(TOKEN, '[redacted]');

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

function expectClean(text: string) {
  expect(text).not.toContain(KEY);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain('KEY0123456789');
}

describe('upstream error bodies', () => {
  test('key and token in non-message fields of an OpenAI-shaped error', async () => {
    const error = { message: 'bad request', type: 'invalid_request_error', param: KEY, code: `tok ${TOKEN}` };
    const body = JSON.stringify({ error, echo: { auth: `Bearer ${KEY}` } });
    r = await rig(secrets, { status: 400, headers: JSON_HEADERS, chunks: [body] });
    const res = await postChat(r.relay.url, chatBody(), auth);
    expect(res.status).toBe(400);
    const text = await res.text();
    expectClean(text);
    expect(JSON.parse(text)).toEqual(JSON.parse(redacted(body)));
  });

  test('other JSON shapes and HTML pages', async () => {
    const html = [`<title>bad ${TOKEN}</title>`];
    r = await rig(secrets, { status: 502, headers: { 'content-type': 'text/html' }, chunks: html });
    let res = await postChat(r.relay.url, chatBody({ stream: true }), auth);
    expectClean(await res.text());
    const other = JSON.stringify({ detail: `no model for ${KEY}`, code: TOKEN });
    r.upstream.reply({ status: 404, headers: JSON_HEADERS, chunks: [other] });
    res = await postChat(r.relay.url, chatBody(), auth);
    expect(res.status).toBe(404);
    const text = await res.text();
    expectClean(text);
    expect(JSON.parse(text).error.message).toBe('no model for [redacted]');
  });

  test('/v1/models error body', async () => {
    const body = JSON.stringify({ error: { message: 'no', type: 'x', param: KEY } });
    r = await rig(secrets, { status: 401, headers: JSON_HEADERS, chunks: [body] });
    const res = await fetch(`${r.relay.url}/v1/models`, auth);
    expect(res.status).toBe(502);
    expectClean(await res.text());
  });
});

describe('successful bodies', () => {
  test('/v1/models list, with the key split across chunks', async () => {
    const data = [
      { id: `model-${KEY}`, object: 'model', owned_by: TOKEN },
      { id: 'gpt-x', object: 'model' },
    ];
    const list = JSON.stringify({ object: 'list', data });
    const at = list.indexOf(KEY) + 5;
    r = await rig(secrets, { headers: JSON_HEADERS, body: list, splitAt: [at, at + 3, list.indexOf(TOKEN) + 1] });
    const res = await fetch(`${r.relay.url}/v1/models`, auth);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(redacted(list));
  });

  test('a JSON completion, split inside both secrets', async () => {
    const body = completionJson(`the key is ${KEY}; the token is ${TOKEN}.`);
    r = await rig(secrets, { headers: JSON_HEADERS, body, splitAt: [body.indexOf(KEY) + 9, body.indexOf(TOKEN) + 2] });
    const res = await postChat(r.relay.url, chatBody(), auth);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toBe(redacted(body));
    expect(JSON.parse(text).usage.total_tokens).toBe(8);
    expect(r.logs.at(-1)?.usage?.total_tokens).toBe(8);
  });

  test('an SSE stream: each secret whole in one chunk, and split at every position', async () => {
    const events = sseReply(['a', ` ${KEY} `, 'b', `${TOKEN}`, 'c']);
    const stream = events.join('');
    const expected = redacted(stream);
    r = await rig(secrets, { headers: SSE_HEADERS, chunks: events });
    let res = await postChat(r.relay.url, chatBody({ stream: true }), auth);
    expect((await readBytes(res)).toString()).toBe(expected);
    for (const secret of [KEY, TOKEN]) {
      const start = stream.indexOf(secret);
      for (let i = start + 1; i < start + secret.length; i++) {
        r.upstream.reply({ headers: SSE_HEADERS, body: stream, splitAt: [i], delayMs: 2 });
        res = await postChat(r.relay.url, chatBody({ stream: true }), auth);
        expect((await readBytes(res)).toString(), `split at ${i}`).toBe(expected);
      }
    }
    expect(r.logs.at(-1)?.usage?.total_tokens).toBe(12);
    expect(r.logs.at(-1)?.bytes).toBe(Buffer.byteLength(expected));
  });

  test('property: random chunkings: with secrets → the redacted text; without → byte-identical', async () => {
    r = await rig(secrets);
    const withSecrets = sseReply([`x${KEY}`, '日本語', `${TOKEN}${KEY}`, 'sk-proj-KEY01 (not the key)']).join('');
    const without = sseReply(['plain', ' sk-proj-', ' client-token-', ' 🌏']).join('');
    const cuts = fc.uniqueArray(fc.integer({ min: 1, max: Buffer.byteLength(withSecrets) - 1 }), { maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(cuts, fc.boolean(), async (splitAt, secret) => {
        const body = secret ? withSecrets : without;
        r!.upstream.reply({ headers: SSE_HEADERS, body: new TextEncoder().encode(body), splitAt, delayMs: 1 });
        const res = await postChat(r!.relay.url, chatBody({ stream: true }), auth);
        const bytes = await readBytes(res);
        if (secret) expect(bytes.toString()).toBe(redacted(body));
        else expect(bytes.equals(Buffer.from(body))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  test('the openai SDK reads a redacted stream', async () => {
    const pieces = ['key: ', KEY, ', token: ', TOKEN];
    const body = new TextEncoder().encode(sseReply(pieces).join(''));
    const splitAt = [];
    for (let i = 5; i < body.length; i += 11) splitAt.push(i);
    r = await rig(secrets, { headers: SSE_HEADERS, body, splitAt });
    const client = new OpenAI({ baseURL: `${r.relay.url}/v1`, apiKey: TOKEN, maxRetries: 0, timeout: 15_000 });
    const messages = [{ role: 'user' as const, content: 'hi' }];
    const stream = await client.chat.completions.create({ model: 'fake-model', stream: true, messages });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('key: [redacted], token: [redacted]');
  });

  test('a partial secret held back at the end of a stream is sent before the ending', async () => {
    const stream = sseChunk('done') + 'data: sk-proj-KEY';
    r = await rig(secrets, { headers: SSE_HEADERS, chunks: [stream] });
    const res = await postChat(r.relay.url, chatBody({ stream: true }), auth);
    const text = (await readBytes(res)).toString();
    // Cut mid-event: the held bytes first, then the relay's truncation event after a blank line.
    expect(text.startsWith(`${stream}\n\ndata: {"error"`)).toBe(true);
    expect(text).toContain('upstream_truncated');
  });
});
