// Guard: content type 415, size 413 (enforced while reading, Content-Length not trusted), invalid JSON / shape 400.
import { connect } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { postChat, rig, type Rig } from '../_support/helpers.js';
import { declaredLength, mediaType, parseChatBody, readChatBody } from '../../../src/relay/guards/body.js';
import { attachFastPath } from '../../../src/relay/fast-path.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

/** A chat request whose body is `stream`, sent as the client writes it (chunked, no Content-Length). */
function postStream(rig: Rig, stream: ReadableStream<Uint8Array>): Promise<Response> {
  return fetch(`${rig.relay.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: stream,
    duplex: 'half',
  } as RequestInit);
}

describe('Content-Type and Content-Length', () => {
  test('media type without parameters; oversized values are no type at all', () => {
    expect(mediaType(' Application/JSON ; charset=utf-8')).toBe('application/json');
    expect(mediaType('application/json' + ';'.repeat(1000))).toBe('');
    expect(mediaType(null)).toBe('');
  });
  test('a declared length is plain digits', () => {
    expect(declaredLength('1048577')).toBe(1048577);
    expect(declaredLength('1e9')).toBeNull();
    expect(declaredLength('-1')).toBeNull();
    expect(declaredLength('9'.repeat(40))).toBeNull();
  });
});

describe('parseChatBody', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  test('accepts an object with messages', () => {
    expect(parseChatBody(enc('{"messages":[]}')).ok).toBe(true);
  });
  test('rejects invalid UTF-8, arrays, missing messages', () => {
    expect(parseChatBody(new Uint8Array([0x7b, 0xff, 0x7d])).ok).toBe(false);
    expect(parseChatBody(enc('[]')).ok).toBe(false);
    expect(parseChatBody(enc('{"messages":"hi"}')).ok).toBe(false);
    expect(parseChatBody(enc('null')).ok).toBe(false);
  });
});

describe('readChatBody: synchronous only when the body had arrived whole', () => {
  const json = '{"messages":[{"role":"user","content":"hi"}]}';
  const post = () =>
    new Request('http://relay.test/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: json,
    });

  test('a body taken whole through the fast path is parsed at once, without a promise', () => {
    const request = post();
    const bytes = new TextEncoder().encode(json);
    attachFastPath(request, {
      onClientGone: () => () => {},
      takesDirectBody: false,
      body: () => ({ takeComplete: () => bytes, start() {}, resume() {}, pause() {}, cancel() {} }),
    });
    const result = readChatBody(request, 1024);
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toEqual({ ok: true, body: JSON.parse(json) });
  });

  test('a body still to be read resolves to the same result, and the size limit still holds', async () => {
    const result = readChatBody(post(), 1024);
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toEqual({ ok: true, body: JSON.parse(json) });
    const over = await readChatBody(post(), 10);
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.response.status).toBe(413);
  });
});

describe('body guard over HTTP', () => {
  test('non-JSON content type → 415', async () => {
    r = await rig();
    const res = await fetch(`${r.relay.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"messages":[]}',
    });
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('unsupported_media_type');
    const form = await fetch(`${r.relay.url}/v1/chat/completions`, {
      method: 'POST',
      body: new URLSearchParams({ messages: 'x' }),
    });
    expect(form.status).toBe(415);
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('application/json with charset is fine', async () => {
    r = await rig({}, { headers: { 'content-type': 'application/json' }, chunks: ['{}'] });
    const res = await fetch(`${r.relay.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
      body: '{"messages":[]}',
    });
    expect(res.status).toBe(200);
    await res.text();
  });

  test('body over the limit with Content-Length → 413', async () => {
    r = await rig();
    const big = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(8 * 1024 * 1024) }] });
    const res = await postChat(r.relay.url, big);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('request_too_large');
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('chunked body without Content-Length is limited while reading', async () => {
    r = await rig({ bodyLimit: 64 * 1024 });
    const piece = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('{"messages":[{"role":"user","content":"'));
      },
      pull(c) {
        // An endless body: only the relay's limit can end this request.
        sent += piece.length;
        c.enqueue(piece);
        if (sent > 8 * 1024 * 1024) c.close();
      },
    });
    const res = await postStream(r, stream);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(8 * 1024 * 1024);
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('an endless upload gets its 413 at once and then the connection is closed, not held open', async () => {
    r = await rig({ bodyLimit: 64 * 1024 });
    const { port } = new URL(r.relay.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => {}); // the relay may reset a socket it stopped reading
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
    socket.write(
      'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const piece = Buffer.alloc(16 * 1024, 'x');
    const frame = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
    let open = true;
    void closed.then(() => (open = false));
    // Keep uploading (as a client with a huge body would) until the relay answers.
    while (open && !answer.includes('\r\n\r\n')) {
      if (!socket.write(frame)) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const answeredAt = Date.now();
    expect(answer.startsWith('HTTP/1.1 413')).toBe(true);
    expect(answer.toLowerCase()).toContain('connection: close');
    // Without `connection: close` the server keeps the half-read connection until its 5 s keep-alive timeout.
    const closedAt = await closed;
    expect(closedAt - answeredAt).toBeLessThan(3_000);
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('invalid JSON → 400', async () => {
    r = await rig();
    const res = await postChat(r.relay.url, '{"messages": [');
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_json');
  });

  test('no messages array → 400', async () => {
    r = await rig();
    const res = await postChat(r.relay.url, '{"model":"x","prompt":"hi"}');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_request' } });
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('a body that trickles in too slowly → 408 (slow-loris)', async () => {
    r = await rig({ bodyTimeoutSeconds: 0.3 });
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('{"messages":'));
      },
      pull: () => new Promise(() => {}), // never sends the rest
    });
    const res = await postStream(r, stream);
    expect(res.status).toBe(408);
    expect((await res.json()).error.code).toBe('request_timeout');
    expect(r.upstream.exchanges).toHaveLength(0);
  });
});
