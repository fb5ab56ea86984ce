// The built CLI as a real process on 127.0.0.1: --help/--version, bad flags (exit 2), the banner, the demo model
// end to end, a real upstream through an HTTP CONNECT and a SOCKS5 proxy, the request log (no key, token or
// text), and graceful shutdown on SIGTERM.
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FLAGS } from '../../../src/relay/cli/flags.js';
import { defaultText } from '../../../src/relay/settings/table.js';
import { startConnectProxy, type ConnectProxy } from '../../support/connect-proxy.js';
import { SSE_HEADERS, sseReply, startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream.js';
import { startSocks5Server, type Socks5Server } from '../../support/socks5-server.js';
import { ensureRelayBuilt, ROOT, runCliToEnd, startCli, waitUntil, type RunningCli } from '../_support/run-cli.js';

const KEY = 'sk-test-KEY-0123456789abcdef';
const TOKEN = 'door-code-5c2f9e';
const USER_TEXT = '私密的问题 secret question 42';
const REPLY_PIECES = ['你好', '，', 'this is the ', 'private answer'];

let upstream: FakeUpstream;
let httpProxy: ConnectProxy;
let socks: Socks5Server;
const running: RunningCli[] = [];

async function start(args: string[], env: Record<string, string> = {}): Promise<RunningCli> {
  const cli = await startCli(args, env);
  running.push(cli);
  return cli;
}

function chatBody(stream: boolean, model: string | undefined = 'gpt-4o-mini'): string {
  return JSON.stringify({ ...(model ? { model } : {}), stream, messages: [{ role: 'user', content: USER_TEXT }] });
}

async function postChat(
  url: string,
  { token, stream = true, model }: { token?: string; stream?: boolean; model?: string } = {},
): Promise<Response> {
  return await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: chatBody(stream, model),
  });
}

/** The concatenated delta contents of an SSE body, and whether it ended with [DONE]. */
function parseSse(text: string): { content: string; done: boolean } {
  let content = '';
  let done = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: ')) continue;
    const data = line.slice(6);
    if (data === '[DONE]') done = true;
    else
      content +=
        (JSON.parse(data) as { choices: Array<{ delta?: { content?: string } }> }).choices[0]?.delta?.content ?? '';
  }
  return { content, done };
}

/**
 * GET /v1/models with a chosen Host header. fetch() will not send one, so speak HTTP/1.1 by hand, as a browser
 * would.
 */
function statusForHost(port: number, host: string): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.end(`GET /v1/models HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
    );
    let head = '';
    socket.on('data', (chunk) => (head += chunk.toString('latin1')));
    socket.on('end', () => resolveStatus(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

/** Reads a streaming body until `predicate(text so far)` holds; returns the reader to continue with. */
async function readUntil(response: Response, predicate: (text: string) => boolean) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!predicate(text)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return {
    text,
    /** Reads the rest; resolves with everything read, or rejects if the stream breaks. */
    async rest(): Promise<string> {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return text;
        text += decoder.decode(value, { stream: true });
      }
    },
  };
}

beforeAll(async () => {
  ensureRelayBuilt();
  [upstream, httpProxy, socks] = await Promise.all([startFakeUpstream(), startConnectProxy(), startSocks5Server()]);
}, 120_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((cli) => cli.stop()));
  upstream.reply({ chunks: sseReply(REPLY_PIECES), headers: SSE_HEADERS });
  httpProxy.connects.length = 0;
  socks.connects.length = 0;
});

afterAll(async () => {
  await Promise.all([upstream?.close(), httpProxy?.close(), socks?.close()]);
});

describe('gpt-chat --help / --version / bad flags', () => {
  it('--help prints every flag with its environment variable and default, and exits 0', async () => {
    const { code, stdout, stderr } = await runCliToEnd(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const flag of FLAGS) {
      expect(stdout).toContain(`--${flag.flag}`);
      for (const env of flag.env) expect(stdout).toContain(env);
      expect(stdout).toContain(`default: ${defaultText(flag)}`);
    }
    for (const name of [
      '--port',
      '--host',
      '--upstream',
      '--provider',
      '--api-key',
      '--access-token',
      '--allow-origin',
      '--models',
      '--max-tokens',
      '--rate-limit',
      '--daily-quota',
      '--trust-proxy',
      '--proxy',
      '--heartbeat',
      '--timeout',
    ]) {
      expect(stdout).toContain(name);
    }
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string };
    const { code, stdout } = await runCliToEnd(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(version);
  });

  it.each([
    [['--port', 'eighty'], {}, '--port: expected a port number'],
    [['--bogus'], {}, 'unknown option --bogus'],
    [['--provider', 'gemini'], {}, '--provider: expected one of'],
    [[], { GPT_CHAT_RATE_LIMIT: '-5' }, 'GPT_CHAT_RATE_LIMIT: expected a whole number'],
    [['--proxy', 'ftp://127.0.0.1:21'], {}, '--proxy: unsupported proxy scheme'],
    [['--provider', 'azure', '--api-key', KEY], {}, 'Provider "azure" needs an upstream URL'],
    [['--api-key', KEY], { HTTPS_PROXY: 'gopher://127.0.0.1:1' }, 'HTTPS_PROXY: unsupported proxy scheme'],
  ])('%j %j → exit 2 with a clear message', async (args, env, message) => {
    const { code, stdout, stderr } = await runCliToEnd(args as string[], env as Record<string, string>);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`gpt-chat: ${message}`);
    expect(stderr).toContain('gpt-chat --help');
    expect(stderr).not.toContain(KEY);
  });

  it('a port already in use → exit 1 with a hint', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, stderr } = await runCliToEnd(['--port', String(port)]);
      expect(code).toBe(1);
      expect(stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });
});

describe('demo mode (no key)', () => {
  it('the banner says it is the demo model, how to set a key, and how to expose the relay', async () => {
    const cli = await start([]);
    const banner = cli.stderr();
    expect(banner).toContain(`listening on ${cli.url}/`);
    expect(banner).toContain('DEMO');
    expect(banner).toContain('--api-key sk-');
    expect(banner).toContain('OPENAI_API_KEY=');
    expect(banner).toContain('--host 0.0.0.0');
    expect(banner).toContain('nginx');
    expect(banner).toMatch(/access\s+open: no access tokens/);
  });

  it('streams the Markdown showcase end to end and logs one line without the message text', async () => {
    const cli = await start([], { GPT_CHAT_DEMO_DELAY_MS: '0' });
    const response = await postChat(cli.url, { model: 'demo' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const { content, done } = parseSse(await response.text());
    expect(done).toBe(true);
    expect(content).toContain('# Hello from gpt-chat');
    expect(content).toContain('```');
    expect(content).toContain('|');
    const health = (await (await fetch(`${cli.url}/health`)).json()) as { demo: boolean };
    expect(health.demo).toBe(true);
    const log = await waitUntil(() => cli.stdout().includes('/health') && cli.stdout(), 'two log lines');
    const chatLine = log.split('\n').find((line) => line.includes('/v1/chat/completions'))!;
    expect(chatLine).toMatch(
      /^\S+Z 127\.0\.0\.1 POST \/v1\/chat\/completions demo 200 ttfb=\d+ms \d+ms [\d.]+kB usage=\d+\+\d+=\d+$/,
    );
    expect(log).not.toContain('secret question');
    expect(log).not.toContain('Hello from gpt-chat');
  });

  it('keeps serving when its stdout (the request log) is closed', async () => {
    const cli = await start([], { GPT_CHAT_DEMO_DELAY_MS: '0' });
    cli.child.stdout!.destroy(); // the log reader goes away: the next log line hits EPIPE
    for (let i = 0; i < 3; i++) {
      const response = await postChat(cli.url, { model: 'demo' });
      expect(parseSse(await response.text()).done).toBe(true);
    }
    expect((await fetch(`${cli.url}/health`)).status).toBe(200);
    expect(cli.child.exitCode).toBeNull();
  });

  it('bound to loopback, refuses requests for other host names (DNS rebinding)', async () => {
    const cli = await start([], { GPT_CHAT_DEMO_DELAY_MS: '0' });
    const port = Number(new URL(cli.url).port);
    expect(await statusForHost(port, `evil.example:${port}`)).toBe(403);
    expect(await statusForHost(port, `127.0.0.1:${port}`)).toBe(200);
    expect(await statusForHost(port, `localhost:${port}`)).toBe(200);
    // Behind the operator's reverse proxy (--trust-proxy) the public host name is forwarded and must work.
    const proxied = await start(['--trust-proxy'], { GPT_CHAT_DEMO_DELAY_MS: '0' });
    expect(await statusForHost(Number(new URL(proxied.url).port), 'chat.example.com')).toBe(200);
  });
});

describe('with a key, against a local upstream', () => {
  it('the banner names the upstream and counts keys and tokens without printing them', async () => {
    const cli = await start([
      '--upstream',
      upstream.url,
      '--api-key',
      `${KEY},sk-second-key-xyz`,
      '--access-token',
      TOKEN,
      '--access-token',
      'another-token-abc',
    ]);
    const banner = cli.stderr();
    expect(banner).toContain(`${upstream.url} (provider openai, direct)`);
    expect(banner).toContain('2 keys set, rotated');
    expect(banner).toContain('2 access tokens set');
    expect(banner).not.toContain('DEMO');
    for (const secret of [KEY, 'sk-second-key-xyz', TOKEN, 'another-token-abc']) expect(banner).not.toContain(secret);
  });

  it.each(['text', 'json'] as const)(
    'relays the stream; the %s log has model, status, usage — never the key, token or text',
    async (format) => {
      const cli = await start([
        '--upstream',
        upstream.url,
        '--api-key',
        KEY,
        '--access-token',
        TOKEN,
        '--log-format',
        format,
      ]);
      const denied = await postChat(cli.url);
      expect(denied.status).toBe(401);
      const before = upstream.exchanges.length;
      const response = await postChat(cli.url, { token: TOKEN });
      const { content, done } = parseSse(await response.text());
      expect(content).toBe(REPLY_PIECES.join(''));
      expect(done).toBe(true);
      const received = upstream.exchanges[before]!.received;
      expect(received.headers.authorization).toBe(`Bearer ${KEY}`);
      const nonStream = await postChat(cli.url, { token: TOKEN, stream: false });
      expect(nonStream.status).toBe(200);
      await nonStream.text();
      const log = await waitUntil(() => cli.stdout().split('\n').length >= 4 && cli.stdout(), 'three log lines');
      const lines = log.trim().split('\n');
      expect(lines).toHaveLength(3);
      if (format === 'json') {
        const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
        expect(records.map((r) => r.status)).toEqual([401, 200, expect.any(Number)]);
        expect(records[1]).toMatchObject({
          ip: '127.0.0.1',
          method: 'POST',
          path: '/v1/chat/completions',
          model: 'gpt-4o-mini',
          usage: { prompt_tokens: 7, completion_tokens: 4, total_tokens: 11 },
        });
        expect(records[1]!.ttfb_ms).toEqual(expect.any(Number));
      } else {
        expect(lines[1]).toMatch(
          / 127\.0\.0\.1 POST \/v1\/chat\/completions gpt-4o-mini 200 ttfb=\d+ms \d+ms \d+(\.\d)?k?B usage=7\+4=11$/,
        );
      }
      for (const secret of [KEY, TOKEN, 'secret question', '私密', 'private answer', '你好'])
        expect(log).not.toContain(secret);
      expect(cli.stderr()).not.toContain(KEY);
    },
  );
});

describe('outbound proxy', () => {
  it('--proxy http://… tunnels every upstream request through the CONNECT proxy', async () => {
    const cli = await start(['--upstream', upstream.url, '--api-key', KEY, '--proxy', httpProxy.url]);
    expect(cli.stderr()).toContain(`via proxy ${httpProxy.url}/`);
    const { content, done } = parseSse(await (await postChat(cli.url)).text());
    expect(content).toBe(REPLY_PIECES.join(''));
    expect(done).toBe(true);
    expect(httpProxy.connects).toEqual([upstream.origin.replace('http://', '')]);
  });

  it('--proxy socks5://… carries the upstream request through the SOCKS5 server', async () => {
    const cli = await start(['--upstream', upstream.url, '--api-key', KEY, '--proxy', socks.url]);
    expect(cli.stderr()).toContain(`via proxy ${socks.url}`);
    const { content } = parseSse(await (await postChat(cli.url)).text());
    expect(content).toBe(REPLY_PIECES.join(''));
    expect(socks.connects).toEqual([upstream.origin.replace('http://', '')]);
  });

  it('HTTP_PROXY from the environment is used, and NO_PROXY bypasses it', async () => {
    const proxied = await start(['--upstream', upstream.url, '--api-key', KEY], { HTTP_PROXY: httpProxy.url });
    await (await postChat(proxied.url)).text();
    expect(httpProxy.connects).toHaveLength(1);
    const direct = await start(['--upstream', upstream.url, '--api-key', KEY], {
      HTTP_PROXY: httpProxy.url,
      NO_PROXY: 'localhost,127.0.0.1',
    });
    expect(direct.stderr()).toContain('direct)');
    await (await postChat(direct.url)).text();
    expect(httpProxy.connects).toHaveLength(1);
  });

  it('a client cannot pick the upstream or the proxy', async () => {
    const cli = await start(['--upstream', upstream.url, '--api-key', KEY]);
    const before = upstream.exchanges.length;
    const response = await fetch(
      `${cli.url}/v1/chat/completions?upstream=http://127.0.0.1:1/v1&proxy=${encodeURIComponent(httpProxy.url)}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-upstream': 'http://127.0.0.1:1/v1',
          proxy: httpProxy.url,
          'x-proxy': httpProxy.url,
        },
        body: chatBody(true),
      },
    );
    expect(parseSse(await response.text()).content).toBe(REPLY_PIECES.join(''));
    expect(upstream.exchanges.length).toBe(before + 1);
    expect(httpProxy.connects).toEqual([]);
  });
});

describe('graceful shutdown', () => {
  it('SIGTERM: stops accepting, lets streams in flight finish, exits 0', async () => {
    upstream.reply({
      chunks: sseReply(['one ', 'two ', 'three ', 'four ', 'five ', 'six']),
      headers: SSE_HEADERS,
      delayMs: 120,
    });
    const cli = await start(['--upstream', upstream.url, '--api-key', KEY]);
    const streams = await Promise.all(
      [0, 1, 2].map(async () => readUntil(await postChat(cli.url), (text) => text.includes('one '))),
    );
    cli.child.kill('SIGTERM');
    await waitUntil(() => cli.stderr().includes('no longer accepting'), 'the shutdown message');
    expect(cli.stderr()).toContain('waiting up to 10s for 3 request(s) in flight');
    // New connections are refused while the streams go on.
    await expect(fetch(`${cli.url}/health`)).rejects.toThrow();
    const bodies = await Promise.all(streams.map((s) => s.rest()));
    for (const body of bodies) expect(parseSse(body)).toEqual({ content: 'one two three four five six', done: true });
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).not.toContain('closed');
  });

  it('SIGTERM: a stream longer than the grace period ends with a retryable error event, its upstream request aborted, and the exit is 0', async () => {
    upstream.reply({ chunks: sseReply(['first ']).slice(0, 2), headers: SSE_HEADERS, finish: 'hang' });
    const cli = await start(['--upstream', upstream.url, '--api-key', KEY, '--heartbeat', '60'], {
      GPT_CHAT_SHUTDOWN_MS: '300',
    });
    const before = upstream.exchanges.length;
    const stream = await readUntil(await postChat(cli.url), (text) => text.includes('first '));
    cli.child.kill('SIGTERM');
    const outcome = await stream.rest().then(
      (text) => ({ ended: true, text }),
      (error: unknown) => ({ ended: true, error }),
    );
    expect(outcome.ended).toBe(true);
    expect('text' in outcome && outcome.text).toContain('"code":"relay_shutting_down"');
    expect('text' in outcome && outcome.text.includes('[DONE]')).toBe(false);
    await upstream.waitForClientGone(before, 5_000);
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).toContain('ended 1 stream(s) still open after the grace period');
  });

  it('SIGINT works the same, and a second signal cuts the grace period short', async () => {
    upstream.reply({ chunks: sseReply(['first ']).slice(0, 2), headers: SSE_HEADERS, finish: 'hang' });
    const cli = await start(['--upstream', upstream.url, '--api-key', KEY]); // default grace: 10 s
    const before = upstream.exchanges.length;
    const stream = await readUntil(await postChat(cli.url), (text) => text.includes('first '));
    cli.child.kill('SIGINT');
    await waitUntil(() => cli.stderr().includes('SIGINT: no longer accepting'), 'the shutdown message');
    cli.child.kill('SIGINT');
    await stream.rest().catch(() => '');
    await upstream.waitForClientGone(before, 5_000);
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).toContain('again: closing open streams now');
  });
});
