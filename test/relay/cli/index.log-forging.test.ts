// The request log cannot be forged through the real CLI: model names, X-Forwarded-For (with --trust-proxy) and paths
// carrying line breaks, C0/C1 controls, U+2028/9, bidi overrides, invisible characters, spaces, quotes and `=` each
// produce exactly one line, with every field in its place (decoded back to what was sent) and no raw control or
// separator character anywhere.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SSE_HEADERS, sseReply, startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream.js';
import { ensureRelayBuilt, startCli, waitUntil, type RunningCli } from '../_support/run-cli.js';

/** Model names (any string goes through a JSON body). */
const MODELS = [
  'line\nbreak',
  'cr\r\n2026-01-01T00:00:00.000Z 1.2.3.4 POST /v1/chat/completions admin 200 ttfb=1ms 1ms 1B',
  'tab\there',
  'nul\0x',
  'esc\x1b[31mred\x1b[0m',
  'del\x7f',
  'nel\u0085x',
  'csi\u009b31m',
  'ls\u2028x',
  'ps\u2029x',
  'rlo\u202eexe.txt',
  'isolate\u2066x\u2069',
  'marks\u200e\u200f\u061c',
  'bom\ufeff zwsp\u200b',
  'nbsp\u00a0ideo\u3000x',
  'vt\vff\f',
  'two words',
  'fake=field',
  'quote"inside',
  'back\\slash \\x1b',
  '"',
  '-',
  ' ',
  'x" 200 ttfb=1ms 1ms 1B error="y',
  'lone\ud800 high',
  'emoji 😀',
  'gpt-4o-mini',
];

/** X-Forwarded-For values Node lets through (latin-1, no control but tab): C1, NBSP, spaces, quotes. */
const FORWARDED = ['1.2.3.4 fake', 'nel\u0085', 'csi\u009b31m', 'nbsp\u00a0x', 'a"b', 'a\\b', 'x=y', '-', 'ÿ'];

/** Paths with latin-1 bytes (the URL parser percent-encodes them) and quotes. */
const PATHS = ['/p/\u0085\u009b', '/p/a"b', '/p/\u00a0', '/p/x=y', '/p/%0a%e2%80%a8'];

/** Characters that must never appear raw in a log line. */
const RAW_UNSAFE = new RegExp(
  '[\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2069\\ufeff]' +
    '|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]',
);

const TOKEN = /"((?:[^"\\]|\\.)*)"|[^ ]+/g;

/** Splits a text log line into fields: bare tokens, or `"…"` (and `error="…"`) with their escapes. */
function fields(line: string): string[] {
  const out: string[] = [];
  let at = 0;
  for (const match of line.matchAll(TOKEN)) {
    expect(match.index, `one space between fields in ${line}`).toBe(at === 0 ? 0 : at + 1);
    out.push(match[0]);
    at = match.index! + match[0].length;
  }
  expect(at).toBe(line.length);
  return out;
}

/** The value a field stands for: quotes removed, escapes decoded. */
function decode(field: string): string {
  if (!field.startsWith('"')) return field;
  return field.slice(1, -1).replace(/\\(x[0-9a-f]{2}|u[0-9a-f]{4}|.)/g, (_, e: string) => {
    if (e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[e] ?? e;
  });
}

type Headers = Record<string, string>;

function send(base: string, method: string, path: string, headers: Headers, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let upstream: FakeUpstream;
const running: RunningCli[] = [];
beforeAll(async () => {
  ensureRelayBuilt();
  upstream = await startFakeUpstream({ headers: SSE_HEADERS, chunks: sseReply(['ok']) });
}, 120_000);
afterAll(async () => {
  await Promise.all(running.map((cli) => cli.stop()));
  await upstream?.close();
});

async function relay(format: 'text' | 'json'): Promise<RunningCli> {
  const flags = ['--upstream', upstream.url, '--api-key', 'sk-test-key-123456', '--trust-proxy', '--rate-limit', '0'];
  const cli = await startCli([...flags, '--log-format', format]);
  running.push(cli);
  return cli;
}

interface Sent {
  model: string | null;
  ip: string;
  path: string | null;
}

/** Sends every corpus request one by one; returns what each sent and the log line it produced. */
async function exercise(cli: RunningCli): Promise<Array<{ sent: Sent; line: string }>> {
  const lines = () => cli.stdout().split('\n').slice(0, -1);
  const results: Array<{ sent: Sent; line: string }> = [];
  const one = async (sent: Sent, request: () => Promise<number>) => {
    const before = lines().length;
    await request();
    await waitUntil(() => lines().length > before, 'a log line');
    await new Promise((resolve) => setTimeout(resolve, 30)); // a second (forged) line would be written by now
    expect(lines().length, `exactly one line for ${JSON.stringify(sent)}`).toBe(before + 1);
    results.push({ sent, line: lines()[before]! });
  };
  for (const [i, model] of MODELS.entries()) {
    const forwarded = FORWARDED[i % FORWARDED.length]!;
    // node:http sends header values as UTF-8 and the server reads them as latin-1: C2 85 arrives as "Â\u0085".
    const ip = Buffer.from(forwarded, 'utf8').toString('latin1').trim();
    const body = JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const headers = { 'content-type': 'application/json', 'x-forwarded-for': `9.9.9.9, ${forwarded}` };
    const path = '/v1/chat/completions';
    await one({ model, ip, path }, () => send(cli.url, 'POST', path, headers, body));
  }
  for (const path of PATHS) {
    const headers = { 'x-forwarded-for': '127.0.0.1' };
    await one({ model: null, ip: '127.0.0.1', path: null }, () => send(cli.url, 'GET', path, headers));
  }
  return results;
}

describe('request log through the real CLI', () => {
  test('text: one line per request, every field in place and decodable, nothing raw', async () => {
    const results = await exercise(await relay('text'));
    for (const { sent, line } of results) {
      expect(RAW_UNSAFE.test(line), `raw control or separator in ${JSON.stringify(line)}`).toBe(false);
      const f = fields(line);
      // time ip method path model status ttfb duration bytes [usage=…] [error="…"]
      expect(f.length, line).toBeGreaterThanOrEqual(9);
      expect(f.length, line).toBeLessThanOrEqual(11);
      expect(f[0]).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(decode(f[1]!)).toBe(sent.ip);
      expect(f[2]).toMatch(/^(GET|POST)$/);
      if (sent.path) expect(decode(f[3]!)).toBe(sent.path);
      expect(f[4] === '-' ? null : decode(f[4]!)).toBe(sent.model);
      expect(f[5]).toMatch(/^\d{3}$/);
      expect(f[6]).toMatch(/^ttfb=(\d+ms|-)$/);
      expect(f[7]).toMatch(/^\d+ms$/);
      for (const extra of f.slice(9)) expect(extra).toMatch(/^(usage=\d+\+\d+=\d+|error=".*")$/);
    }
  });

  test('json: one parseable object per request, values intact, no raw U+2028/9 or C1', async () => {
    const results = await exercise(await relay('json'));
    for (const { sent, line } of results) {
      expect(RAW_UNSAFE.test(line), `raw control or separator in ${JSON.stringify(line)}`).toBe(false);
      const record = JSON.parse(line) as { ip: string; path: string; model: string | null; status: number };
      expect(record.ip).toBe(sent.ip);
      if (sent.path) expect(record.path).toBe(sent.path);
      expect(record.model).toBe(sent.model);
    }
  });
});
