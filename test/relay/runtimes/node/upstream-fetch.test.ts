// The Node upstream fetch over real loopback sockets: direct keep-alive, an HTTP CONNECT proxy, a SOCKS5 proxy,
// NO_PROXY, timeouts that replace undici's 300 s defaults, and aborts that reach the upstream socket.
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createUpstreamFetch,
  maskProxyUrl,
  parseProxyUrl,
  ProxyConfigError,
  resolveProxy,
  type UpstreamFetch,
} from '../../../../src/relay/runtimes/node/upstream-fetch.js';
import { bodyFastPath, fetchFastPath } from '../../../../src/relay/fast-path.js';
import { UpstreamAbort } from '../../../../src/relay/exchange/upstream-abort.js';
import { startConnectProxy, type ConnectProxy } from '../../../support/connect-proxy.js';
import { startSocks5Server, type Socks5Server } from '../../../support/socks5-server.js';
import { startTinyUpstream, type TinyUpstream } from '../../_support/tiny-upstream.js';

let upstream: TinyUpstream;
let httpProxy: ConnectProxy;
let socks: Socks5Server;
const opened: UpstreamFetch[] = [];
const NO_ENV = {};

type Engine = 'request' | 'fetch';

function make(options: Parameters<typeof createUpstreamFetch>[0], engine: Engine = 'request'): UpstreamFetch {
  const made = createUpstreamFetch({ engine, ...options });
  opened.push(made);
  return made;
}

async function readSse(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  return await response.text();
}

beforeAll(async () => {
  [upstream, httpProxy, socks] = await Promise.all([startTinyUpstream(), startConnectProxy(), startSocks5Server()]);
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((made) => made.destroy()));
  httpProxy.connects.length = 0;
  httpProxy.forwarded.length = 0;
  socks.connects.length = 0;
});
afterAll(async () => {
  await Promise.all([upstream.close(), httpProxy.close(), socks.close()]);
});

describe.each(['request', 'fetch'] as const)('engine: %s', (engine) => {
  describe('direct', () => {
    it('streams and keeps the upstream connection alive between requests', async () => {
      const { fetch } = make({ env: NO_ENV }, engine);
      const before = upstream.remotePorts.length;
      const first = await readSse(await fetch(`${upstream.url}/sse?n=5`));
      expect(first).toContain('data: {"i":4}');
      expect(first.endsWith('data: [DONE]\n\n')).toBe(true);
      for (let i = 0; i < 3; i++) await readSse(await fetch(`${upstream.url}/sse?n=1`));
      const ports = upstream.remotePorts.slice(before);
      expect(ports).toHaveLength(4);
      // undici may open a second socket while the first is being released; it must not open one per request.
      expect(new Set(ports).size).toBeLessThan(ports.length);
    });

    it('accepts a Request built with the global class (method, headers and body carried over)', async () => {
      const { fetch } = make({ env: NO_ENV }, engine);
      const request = new Request(`${upstream.url}/echo`, {
        method: 'POST',
        headers: { authorization: 'Bearer x' },
        body: '{"a":"你好"}',
      });
      const echoed = (await (await fetch(request)).json()) as Record<string, unknown>;
      expect(echoed).toEqual({ method: 'POST', body: '{"a":"你好"}', authorization: 'Bearer x' });
    });

    it('uses the relay timeout instead of undici’s 300 s default for a silent upstream', async () => {
      const { fetch } = make({ env: NO_ENV, timeoutSeconds: 0.2 }, engine);
      // 0.2 s + a small margin; with undici's default this would wait 300 s and the test would time out.
      const error = await fetch(`${upstream.url}/stall`).then(
        () => null,
        (e: unknown) => e as Error & { cause?: { code?: string } },
      );
      expect(error?.cause?.code).toBe('UND_ERR_HEADERS_TIMEOUT');
    }, 15_000);

    it('aborting the fetch closes the upstream socket', async () => {
      const { fetch } = make({ env: NO_ENV }, engine);
      const controller = new AbortController();
      const pending = fetch(`${upstream.url}/stall`, { signal: controller.signal }).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 50));
      controller.abort();
      expect(((await pending) as Error).name).toBe('AbortError');
      await upstream.stallClosed();
    });
  });

  describe('behaves like fetch for the relay', () => {
    it('passes an error status, its headers and its body through', async () => {
      const { fetch } = make({ env: NO_ENV }, engine);
      const response = await fetch(`${upstream.url}/status?code=429`);
      expect(response.status).toBe(429);
      expect(response.ok).toBe(false);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(await response.json()).toEqual({ error: { message: 'slow down' } });
    });

    it('decodes a gzip body the upstream sent anyway', async () => {
      const { fetch } = make({ env: NO_ENV }, engine);
      const response = await fetch(`${upstream.url}/gzip`, { headers: { 'accept-encoding': 'identity' } });
      expect(await response.json()).toEqual({ zipped: '你好' });
    });

    it('a success body reads like any Response body: clone(), then text(), and bodyUsed flips', async () => {
      const { fetch } = make({ env: NO_ENV }, engine);
      const response = await fetch(`${upstream.url}/sse?n=2`);
      expect(response.bodyUsed).toBe(false);
      const copy = response.clone();
      const text = await response.text();
      expect(response.bodyUsed).toBe(true);
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
      expect(await copy.text()).toBe(text);
    });

    it('a 204 has a null body', async () => {
      const { fetch } = make({ env: NO_ENV }, engine);
      const response = await fetch(`${upstream.url}/empty`);
      expect(response.status).toBe(204);
      expect(response.body).toBeNull();
    });

    it('an unreachable upstream rejects with TypeError and the network cause', async () => {
      const { fetch } = make({ env: NO_ENV }, engine);
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const error = (await fetch(`http://127.0.0.1:${port}/v1/models`).catch((e: unknown) => e)) as TypeError & {
        cause?: { code?: string };
      };
      expect(error).toBeInstanceOf(TypeError);
      expect(error.cause?.code).toBe('ECONNREFUSED');
    });

    it('a timeout signal rejects with its TimeoutError', async () => {
      const { fetch } = make({ env: NO_ENV }, engine);
      const error = (await fetch(`${upstream.url}/stall`, { signal: AbortSignal.timeout(50) }).catch(
        (e: unknown) => e,
      )) as Error;
      expect(error.name).toBe('TimeoutError');
      await upstream.stallClosed();
    });

    it('cancelling the body mid-stream closes the upstream socket', async () => {
      const { fetch } = make({ env: NO_ENV }, engine);
      const response = await fetch(`${upstream.url}/hang`);
      const reader = response.body!.getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toBe('data: {"i":0}\n\n');
      await reader.cancel();
      await upstream.stallClosed();
    });
  });

  describe('HTTP proxy (CONNECT)', () => {
    it('--proxy tunnels the request through the proxy', async () => {
      const { fetch, describeRoute } = make({ proxy: httpProxy.url, env: NO_ENV }, engine);
      const body = await readSse(await fetch(`${upstream.url}/sse?n=3`));
      expect(body).toContain('data: {"i":2}');
      expect(httpProxy.connects).toEqual([new URL(upstream.url).host]);
      expect(describeRoute(upstream.url)).toBe(`via proxy ${httpProxy.url}/`);
    });

    it('HTTP_PROXY from the environment is used for an http upstream', async () => {
      const { fetch } = make({ env: { HTTP_PROXY: httpProxy.url } }, engine);
      await readSse(await fetch(`${upstream.url}/sse?n=1`));
      expect(httpProxy.connects).toEqual([new URL(upstream.url).host]);
    });

    it('NO_PROXY keeps a matching upstream direct, even with --proxy', async () => {
      const { fetch, describeRoute } = make({ proxy: httpProxy.url, env: { NO_PROXY: 'localhost,127.0.0.1' } }, engine);
      await readSse(await fetch(`${upstream.url}/sse?n=1`));
      expect(httpProxy.connects).toEqual([]);
      expect(httpProxy.forwarded).toEqual([]);
      expect(describeRoute(upstream.url)).toBe('direct');
    });

    it('aborting mid-request closes the tunnelled upstream socket', async () => {
      const { fetch } = make({ proxy: httpProxy.url, env: NO_ENV }, engine);
      const controller = new AbortController();
      const pending = fetch(`${upstream.url}/stall`, { signal: controller.signal }).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 100));
      controller.abort();
      await pending;
      await upstream.stallClosed();
      expect(httpProxy.connects).toHaveLength(1);
    });
  });

  describe('SOCKS5 proxy', () => {
    it('socks5:// carries the request through the SOCKS5 server', async () => {
      const { fetch } = make({ proxy: socks.url, env: NO_ENV }, engine);
      const body = await readSse(await fetch(`${upstream.url}/sse?n=4`));
      expect(body).toContain('data: {"i":3}');
      expect(socks.connects).toEqual([new URL(upstream.url).host]);
    });

    it('socks5h:// is accepted (remote DNS) and a POST body goes through', async () => {
      const { fetch } = make({ proxy: socks.url.replace('socks5:', 'socks5h:'), env: NO_ENV }, engine);
      const echoed = (await (await fetch(`${upstream.url}/echo`, { method: 'POST', body: 'hi' })).json()) as {
        body: string;
      };
      expect(echoed.body).toBe('hi');
      expect(socks.connects).toHaveLength(1);
    });

    it('ALL_PROXY=socks5://… from the environment is used', async () => {
      const { fetch } = make({ env: { ALL_PROXY: socks.url } }, engine);
      await readSse(await fetch(`${upstream.url}/sse?n=1`));
      expect(socks.connects).toEqual([new URL(upstream.url).host]);
    });

    it('the relay timeout also applies through SOCKS5 (its pools ignore agent-level timeouts)', async () => {
      const { fetch } = make({ proxy: socks.url, env: NO_ENV, timeoutSeconds: 0.2 }, engine);
      const error = await fetch(`${upstream.url}/stall`).then(
        () => null,
        (e: unknown) => e as Error & { cause?: { code?: string } },
      );
      expect(error?.cause?.code).toBe('UND_ERR_HEADERS_TIMEOUT');
    }, 15_000);
  });
});

describe('engine: request — headers through the fast path', () => {
  const headerOf = (response: Response, name: string) => bodyFastPath(response)!.header!(name);

  it('header() gives what Headers.get() gives, before and after the Headers are built', async () => {
    const { fetch } = make({ env: NO_ENV });
    const response = await fetch(`${upstream.url}/headers`);
    expect(headerOf(response, 'x-many')).toBe('a, b');
    expect(headerOf(response, 'content-type')).toBe('text/plain');
    expect(headerOf(response, 'x-absent')).toBeNull();
    expect(response.headers.get('x-many')).toBe('a, b');
    expect(headerOf(response, 'x-many')).toBe('a, b');
    expect(await response.text()).toBe('ok');
  });

  it('a decoded body has no content-encoding or content-length either way', async () => {
    const { fetch } = make({ env: NO_ENV });
    const response = await fetch(`${upstream.url}/gzip`);
    expect(headerOf(response, 'content-encoding')).toBeNull();
    expect(headerOf(response, 'content-type')).toBe('application/json');
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(response.headers.get('content-length')).toBeNull();
    expect([...response.headers.keys()]).toContain('content-type');
    expect(await response.json()).toEqual({ zipped: '你好' });
  });
});

describe('engine: request — a plain abort handle through the fast path', () => {
  it('only the request engine offers it (undici fetch() takes signals only)', () => {
    expect(fetchFastPath(make({ env: NO_ENV }).fetch)).toBeTypeOf('function');
    expect(fetchFastPath(make({ env: NO_ENV }, 'fetch').fetch)).toBeUndefined();
  });

  it('aborting the handle before headers rejects with its reason and closes the upstream socket', async () => {
    const withHandle = fetchFastPath(make({ env: NO_ENV }).fetch)!;
    const abort = new UpstreamAbort();
    const pending = withHandle(`${upstream.url}/stall`, {}, abort).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reason = new DOMException('The client closed the connection.', 'AbortError');
    abort.abort(reason);
    expect(await pending).toBe(reason);
    await upstream.stallClosed();
  });

  it('aborting the handle mid-body errors the body and closes the upstream socket', async () => {
    const withHandle = fetchFastPath(make({ env: NO_ENV }).fetch)!;
    const abort = new UpstreamAbort();
    const response = await withHandle(`${upstream.url}/hang`, {}, abort);
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: {"i":0}\n\n');
    abort.abort(new DOMException('The upstream sent nothing for 1 s; request aborted.', 'TimeoutError'));
    await expect(reader.read()).rejects.toMatchObject({ name: 'TimeoutError' });
    await upstream.stallClosed();
  });

  it('an aborted handle rejects at once; a finished request leaves no listener on the handle', async () => {
    const withHandle = fetchFastPath(make({ env: NO_ENV }).fetch)!;
    const gone = new UpstreamAbort();
    gone.abort(new DOMException('gone', 'AbortError'));
    await expect(withHandle(`${upstream.url}/sse?n=1`, {}, gone)).rejects.toMatchObject({ message: 'gone' });
    const abort = new UpstreamAbort();
    const response = await withHandle(`${upstream.url}/sse?n=2`, {}, abort);
    expect(await response.text()).toContain('[DONE]');
    expect(abort.listenerCount()).toBe(0);
  });

  it('sends method, headers and body as the signal path does', async () => {
    const withHandle = fetchFastPath(make({ env: NO_ENV }).fetch)!;
    const init = { method: 'POST', headers: { authorization: 'Bearer k' }, body: '{"a":1}' };
    const echoed = await (await withHandle(`${upstream.url}/echo`, init, new UpstreamAbort())).json();
    expect(echoed).toEqual({ method: 'POST', body: '{"a":1}', authorization: 'Bearer k' });
  });
});

describe('proxy configuration', () => {
  it('rejects unsupported or malformed proxy URLs with a message that names the source', () => {
    expect(() => createUpstreamFetch({ proxy: 'ftp://127.0.0.1:21' })).toThrow(ProxyConfigError);
    expect(() => createUpstreamFetch({ proxy: 'not a url' })).toThrow(/--proxy/);
    expect(() => resolveProxy(new URL('https://api.openai.com/v1'), { env: { HTTPS_PROXY: 'gopher://x' } })).toThrow(
      /HTTPS_PROXY/,
    );
  });

  it('picks HTTPS_PROXY for an https upstream and HTTP_PROXY for an http one; lowercase wins', () => {
    const env = { HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://p:2', https_proxy: 'http://lower:3' };
    expect(resolveProxy(new URL('https://api.openai.com/v1'), { env })?.host).toBe('lower:3');
    expect(resolveProxy(new URL('http://127.0.0.1:11434/v1'), { env })?.host).toBe('p:2');
    expect(resolveProxy(new URL('http://127.0.0.1:11434/v1'), { env: {} })).toBeNull();
  });

  it('never prints a proxy password', () => {
    expect(maskProxyUrl(parseProxyUrl('http://user:s3cret@127.0.0.1:8080'))).toBe('http://user:***@127.0.0.1:8080/');
    const { describeRoute } = make({ proxy: 'socks5://u:s3cret@127.0.0.1:1080', env: NO_ENV });
    expect(describeRoute('https://api.openai.com/v1')).not.toContain('s3cret');
  });
});
