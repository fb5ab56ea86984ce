// The CLI with --config as a real process: every error of a bad file with its path (exit 2), flags over the file,
// ${ENV} from the process environment, and SIGHUP: a good new file is used by new requests, a bad one is logged
// and the old one kept, and a stream in flight finishes untouched.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureRelayBuilt, runCliToEnd, startCli, waitUntil, type RunningCli } from '../_support/run-cli.js';
import { SSE_HEADERS, sseReply, startFakeUpstream } from '../../support/fake-upstream.js';

const dir = mkdtempSync(join(tmpdir(), 'gpt-chat-config-'));
const running: RunningCli[] = [];

function file(name: string, config: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

async function start(args: string[], env: Record<string, string> = {}): Promise<RunningCli> {
  const cli = await startCli(args, env);
  running.push(cli);
  return cli;
}

/** A demo-model chat whose body is `bytes` long (the body limit is what the reload tests change). */
function chat(url: string, bytes: number, stream = false): Promise<Response> {
  const content = 'x'.repeat(Math.max(1, bytes - 80));
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ stream, messages: [{ role: 'user', content }] }),
  });
}

beforeAll(() => ensureRelayBuilt(), 120_000);
afterEach(async () => {
  await Promise.all(running.splice(0).map((cli) => cli.stop()));
});

describe('gpt-chat --config', () => {
  it('a bad file stops start-up with every error and its JSON path (exit 2), never a value', async () => {
    const path = file('bad.json', {
      port: 'eighty',
      providers: [
        { name: 'd', preset: 'deepseek', keys: ['sk-do-not-print-me'] },
        { name: 'q', keys: [] },
      ],
      tokens: [{ name: 'kid', token: 'short' }],
      fallbacks: { 'gpt-4o': ['${MISSING_MODEL_VAR}'] },
    });
    const { code, stderr } = await runCliToEnd(['--config', path]);
    expect(code).toBe(2);
    expect(stderr).toContain(`invalid config file ${path}:`);
    expect(stderr).toContain('port: expected a port number 0-65535');
    expect(stderr).toContain('providers[1].keys: expected a non-empty list');
    expect(stderr).toContain('tokens[0].token: expected at least 16 characters');
    expect(stderr).toContain('${MISSING_MODEL_VAR}: environment variable MISSING_MODEL_VAR is not set');
    expect(stderr).not.toContain('sk-do-not-print-me');
    const missing = await runCliToEnd([], { GPT_CHAT_CONFIG: join(dir, 'nope.json') });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the config file');
  });

  it('flags override the file; ${ENV} comes from the environment', async () => {
    const path = file('limits.json', { bodyLimit: '${BODY_LIMIT}', rateLimit: 0 });
    const fromFile = await start(['--config', path], { BODY_LIMIT: '2000' });
    expect((await chat(fromFile.url, 3000)).status).toBe(413);
    expect((await chat(fromFile.url, 1000)).status).toBe(200);
    const flagWins = await start(['--config', path, '--body-limit', '100000'], { BODY_LIMIT: '2000' });
    expect((await chat(flagWins.url, 3000)).status).toBe(200);
  });

  it('SIGHUP: a good new file applies to new requests, a bad one is logged and the old one kept', async () => {
    const path = file('reload.json', { bodyLimit: 100_000, rateLimit: 0 });
    const cli = await start(['--config', path], { GPT_CHAT_DEMO_DELAY_MS: '40' });
    expect((await chat(cli.url, 3000)).status).toBe(200);

    // A stream in flight across the reload.
    const inFlight = await chat(cli.url, 500, true);
    expect(inFlight.status).toBe(200);
    const streamText = inFlight.text();

    file('reload.json', { bodyLimit: 2000, rateLimit: 0 });
    cli.child.kill('SIGHUP');
    await waitUntil(() => cli.stderr().includes('SIGHUP: reloaded'), 'the reload message');
    expect((await chat(cli.url, 3000)).status).toBe(413);
    const text = await streamText;
    expect(text).toContain('data: [DONE]');
    expect(text).not.toContain('"error"');

    file('reload.json', '{ "bodyLimit": 100000, "providers": [ { "name": "x", "keys": [] } ] }');
    cli.child.kill('SIGHUP');
    await waitUntil(() => cli.stderr().includes('kept the running config'), 'the refusal message');
    expect(cli.stderr()).toContain('providers[0].keys: expected a non-empty list');
    expect((await chat(cli.url, 3000)).status).toBe(413);
    expect(cli.child.exitCode).toBeNull();
  });

  it("gpt-chat usage --config prints the running relay's usage as a table (with the file's admin token)", async () => {
    const upstream = await startFakeUpstream({ chunks: sseReply(['hi']), headers: SSE_HEADERS });
    try {
      const path = file('family.json', {
        rateLimit: 0,
        providers: [{ name: 'deepseek', baseURL: upstream.url, keys: ['${DS_KEY}'], models: ['deepseek-chat'] }],
        tokens: [
          { name: 'grandma', token: 'grandma-token-0123456789' },
          { name: 'me', token: 'admin-token-0123456789ab', admin: true },
        ],
      });
      const env = { DS_KEY: 'sk-deepseek-from-env' };
      const cli = await start(['--config', path], env);
      const res = await fetch(`${cli.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer grandma-token-0123456789' },
        body: JSON.stringify({ model: 'deepseek-chat', stream: true, messages: [{ role: 'user', content: '你好' }] }),
      });
      expect(res.status).toBe(200);
      await res.text();
      expect(upstream.exchanges[0]!.received.headers.authorization).toBe('Bearer sk-deepseek-from-env');
      await waitUntil(() => /token=grandma/.test(cli.stdout()), 'the log line');
      expect(cli.stdout()).not.toContain('grandma-token-0123456789');
      const port = new URL(cli.url).port;
      const { code, stdout } = await runCliToEnd(['usage', '--config', path, '--port', port], env);
      expect(code).toBe(0);
      const lines = stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^token\s+period\s+model\s+requests\s+prompt\s+completion\s+cost$/);
      expect(lines.find((line) => line.startsWith('grandma') && line.includes('deepseek-chat'))).toMatch(
        /\s1\s+7\s+1\s+\$0\.0000$/,
      );
      expect(lines.some((line) => line.startsWith('me '))).toBe(true);
    } finally {
      await upstream.close();
    }
  });
});
