// The built CLI's access rules: a non-loopback --host needs an access token or --public (exit 2 otherwise), tokens
// are at least 16 characters, `gpt-chat token` prints a fresh 256-bit one, and every loopback spelling of --host
// gets the DNS-rebinding guard.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalHost, isLoopbackHost, loopbackHostNames } from '../../../src/relay/cli/loopback.js';
import { ensureRelayBuilt, runCli, startCli, type RunningCli } from '../_support/run-cli.js';

const running: RunningCli[] = [];
beforeAll(() => ensureRelayBuilt(), 180_000);
afterAll(async () => {
  await Promise.all(running.map((cli) => cli.stop()));
});

async function start(args: string[], env: Record<string, string> = {}): Promise<RunningCli> {
  const cli = await startCli(args, { GPT_CHAT_DEMO_DELAY_MS: '0', ...env });
  running.push(cli);
  return cli;
}

/** Runs the CLI to its exit; one that starts serving instead is stopped after 10 s (and the test then fails). */
async function runCliToEnd(args: string[], env: Record<string, string> = {}) {
  const run = runCli(args, env);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 10_000);
  const code = await run.exited;
  clearTimeout(timer);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** GET /health from `address` with a chosen Host header (fetch cannot set one), as a rebinding page would. */
function statusForHost(address: string, port: number, host: string): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const socket = connect(port, address, () =>
      socket.end(`GET /health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
    );
    let head = '';
    socket.on('data', (chunk) => (head += chunk.toString('latin1')));
    socket.on('end', () => resolveStatus(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

describe('isLoopbackHost', () => {
  it.each([
    '127.0.0.1',
    '127.1',
    '127.0.0.2',
    '127.255.255.254',
    '0x7f.1',
    '2130706433',
    'localhost',
    'LOCALHOST',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '[::ffff:127.0.0.2]',
  ])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each([
    '0.0.0.0',
    '::',
    '[::]',
    '192.168.1.10',
    '10.0.0.1',
    '::ffff:10.0.0.1',
    '128.0.0.1',
    'example.com',
    '127.0.0.1.nip.io',
    'localhost.example.com',
    '',
  ])('%s is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
  it('allowed Host names: the loopback names and the listening address as a browser writes it', () => {
    expect(canonicalHost('127.1')).toBe('127.0.0.1');
    expect(loopbackHostNames('127.0.0.2')).toEqual(['localhost', '127.0.0.1', '[::1]', '127.0.0.2']);
    expect(loopbackHostNames('::ffff:127.0.0.1')).toContain('[::ffff:7f00:1]');
  });
});

describe('gpt-chat token', () => {
  it('prints a new URL-safe token of 256 bits, different each time', async () => {
    const first = await runCliToEnd(['token']);
    const second = await runCliToEnd(['token']);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    expect(second.stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    expect(second.stdout).not.toBe(first.stdout);
  });

  it('is named in --help', async () => {
    const { stdout } = await runCliToEnd(['--help']);
    expect(stdout).toContain('gpt-chat token');
    for (const flag of ['--public', '--max-n', '--allow-param']) expect(stdout).toContain(flag);
    for (const param of ['service_tier', 'web_search_options', 'store', 'enable_thinking'])
      expect(stdout).toContain(param);
  });
});

describe('an exposed relay is never open by accident', () => {
  it.each([['0.0.0.0'], ['::'], ['192.0.2.1']])('--host %s without a token exits 2 naming the fixes', async (host) => {
    const { code, stderr } = await runCliToEnd(['--port', '0', '--host', host]);
    expect(code).toBe(2);
    expect(stderr).toContain('--access-token');
    expect(stderr).toContain('gpt-chat token');
    expect(stderr).toContain('--public');
    expect(stderr).toContain('GPT_CHAT_PUBLIC=1');
  });

  it('--host 0.0.0.0 starts with --public, with GPT_CHAT_PUBLIC=1, or with a token', async () => {
    expect((await fetch(`${(await start(['--host', '0.0.0.0', '--public'])).url}/health`)).status).toBe(200);
    expect((await fetch(`${(await start(['--host', '0.0.0.0'], { GPT_CHAT_PUBLIC: '1' })).url}/health`)).status).toBe(
      200,
    );
    const cli = await start(['--host', '0.0.0.0', '--access-token', 'tok-0123456789abcdef']);
    expect((await fetch(`${cli.url}/v1/models`)).status).toBe(401);
  });

  it.each([
    [['--access-token', 'my-secret-code'], {}],
    [['--access-token', '0123456789abcdef,short'], {}],
    [[], { GPT_CHAT_TOKENS: 'tok-conformance' }],
  ])('a token under 16 characters is refused at start-up (%j %j)', async (args, env) => {
    const { code, stderr } = await runCliToEnd(['--port', '0', ...args], env as Record<string, string>);
    expect(code).toBe(2);
    expect(stderr).toMatch(/at least 16 characters/);
    expect(stderr).not.toContain('my-secret-code');
  });
});

describe('DNS-rebinding guard on every loopback address', () => {
  it.each([
    ['127.1', '127.0.0.1'],
    ['127.0.0.2', '127.0.0.2'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
  ])('--host %s refuses Host: evil.example and answers its own names', async (host, address) => {
    const cli = await start(['--host', host]);
    const port = Number(new URL(cli.url).port);
    expect(await statusForHost(address, port, `evil.example:${port}`)).toBe(403);
    expect(await statusForHost(address, port, `localhost:${port}`)).toBe(200);
    expect(await statusForHost(address, port, `127.0.0.1:${port}`)).toBe(200);
  });
});
