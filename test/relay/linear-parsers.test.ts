// Every function that reads outside input (request headers and bodies, upstream error bodies and headers, SSE
// tails, log fields, env and flags) finishes in linear time: fast-check feeds each one 64 KB adversarial strings
// (runs of `/`, blanks, `<title`, `=`, quotes, commas, `sk-`, `data:` … mixed with random text). A call within
// 5 ms passes; a slower one (a loaded machine slows every call) must grow like its input: the same shape at a
// quarter of the size takes over a quarter of its time (linear: 4×, quadratic: 16×). A backtracking regex over
// such input takes tens to hundreds of milliseconds.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  createCorsPolicy,
  normalizeOrigin,
  originMatcher,
  preflightResponse,
  requestedHeaders,
} from '../../src/relay/guards/cors.js';
import { bearerToken, createAccessCheck } from '../../src/relay/guards/auth.js';
import { createHostCheck, firstForwardedHost, hostnameOf } from '../../src/relay/guards/host.js';
import { checkJsonContentType, declaredLength, mediaType, parseChatBody } from '../../src/relay/guards/body.js';
import { createClientIp, lastForwardedFor } from '../../src/relay/guards/client-ip.js';
import {
  htmlTitle,
  normalizeUpstreamError,
  passThroughErrorHeaders,
  redactSecrets,
} from '../../src/relay/upstream/http.js';
import { endsWithDone, findLastUsage } from '../../src/relay/exchange/usage.js';
import { retryAfterMs } from '../../src/relay/upstream/keys.js';
import { createLogger, formatJsonLine, formatTextLine } from '../../src/relay/log/format.js';
import { jsonSafe, quoted, textField } from '../../src/relay/log/escape.js';
import { matchesNoProxy } from '../../src/relay/runtimes/node/no-proxy.js';
import { parseList } from '../../src/relay/settings/env.js';
import { trimTrailingSlashes } from '../../src/shared/trim-slashes.js';
import { splitList } from '../../src/shared/split-list.js';
import { interpretSseData } from '../../src/widget/stream/sse-dialect.js';
import { errorFromResponse, kindForMessage, parseRetryAfter } from '../../src/widget/stream/chat-error.js';
import { isAllowedImageUrl } from '../../src/relay/guards/image-parts.js';
import type { RequestLog } from '../../src/relay/settings/options.js';
import { sampleRecord } from './log/_support/sample-record.js';

const SIZE = 64 * 1024;
const BUDGET_MS = 5;
const RUNS = 12;
/** Time at SIZE over time at SIZE / 4, above which a call is not linear (linear 4×, quadratic 16×). */
const MAX_GROWTH = 9;
/** Over this a call fails whatever its growth: no linear parser of 64 KB comes near it. */
const CEILING_MS = 200;

/** An input shape: the same pattern at any length. */
type Shape = (size: number) => string;

/** The pieces known to make backtracking regexes and naive rescans blow up. */
const UNITS = [
  '/',
  ' ',
  '\t',
  '<title',
  '<title ',
  '=',
  '"',
  "'",
  ',',
  ', ',
  '-',
  'sk-',
  'data:',
  'data: ',
  '"usage":{',
  '"usage":',
  '"usage" :',
  '{',
  ':',
  '<',
  '>',
  '\\',
  '[DONE]',
  ' \t',
  '\u2028',
  '\x1b',
  '\u0085',
  ';',
  '0',
  'a',
  '\r\n',
];
const HEADS = ['', 'http://a', 'Bearer x', 'bearer ', '<title>', '"usage":{', 'data: ', 'sk-', '[', 'text/html;'];
const TAILS = ['', 'y', '>', '\n', '}', 'x', '</title>', '/'];

/** A shape: a head, then one or two units (and some random text) repeated, then a tail. */
const hostile = fc
  .record({
    head: fc.constantFrom(...HEADS),
    a: fc.constantFrom(...UNITS),
    b: fc.constantFrom('', ...UNITS),
    noise: fc.string({ maxLength: 6 }),
    noiseEvery: fc.integer({ min: 0, max: 64 }),
    tail: fc.constantFrom(...TAILS),
  })
  .map(({ head, a, b, noise, noiseEvery, tail }): Shape => (size) => {
    const parts: string[] = [head];
    let length = head.length + tail.length;
    for (let i = 0; length < size; i++) {
      const piece = noiseEvery > 0 && i % noiseEvery === noiseEvery - 1 ? noise + a : a + b;
      parts.push(piece);
      length += piece.length || 1;
    }
    parts.push(tail);
    return parts.join('').slice(0, size);
  });

/** The inputs the issue measured, always among the runs. */
const KNOWN: Shape[] = [
  (n) => 'http://a' + '/'.repeat(n),
  (n) => 'http://a' + '/'.repeat(n) + 'x',
  (n) => 'http://a' + '/'.repeat(n / 2) + ':' + '/'.repeat(n / 2) + '1',
  (n) => 'Bearer x' + ' '.repeat(n) + 'y',
  (n) => 'Bearer x' + '\t'.repeat(n) + 'y',
  (n) => '<title'.repeat(n / 6),
  (n) => '"usage":{'.repeat(n / 9),
  (n) => '"usage":' + ' '.repeat(n),
  (n) => '[DONE]' + ' '.repeat(n) + 'x',
  (n) => 'sk-'.repeat(n / 3),
  (n) => '='.repeat(n),
  (n) => ','.repeat(n),
  (n) => '"'.repeat(n),
];

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * The fastest of three calls (a noisy machine only ever makes a call slower), and of up to ten when those three
 * were all over budget but not by far, each after a pause so it starts on a fresh time slice: a linear parser then
 * gets a quiet moment on a loaded machine, a quadratic one (hundreds of milliseconds to seconds) never does.
 */
async function fastestMs(call: () => unknown): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 10 && (i < 3 || (best >= BUDGET_MS && best < 20 * BUDGET_MS)); i++) {
    if (i >= 3) await pause();
    const start = performance.now();
    call();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * The time at SIZE and at a quarter of it, the fastest of five alternating rounds each (so a burst of load hits
 * both sizes alike).
 */
async function growth(call: () => unknown, quarterCall: () => unknown): Promise<{ ms: number; ratio: number }> {
  let full = Infinity;
  let quarter = Infinity;
  for (let round = 0; round < 5; round++) {
    await pause();
    quarter = Math.min(quarter, await fastestMs(quarterCall));
    full = Math.min(full, await fastestMs(call));
  }
  return { ms: full, ratio: full / Math.max(quarter, 0.001) };
}

/**
 * Runs `parse` over the known inputs and RUNS hostile ones (each turned into the parser's argument by `prepare`,
 * outside the timing): each call finishes within the budget, or grows linearly with its input. A few small calls
 * first, so the JIT has run.
 */
function linear<T = string>(
  name: string,
  parse: (input: T) => unknown,
  prepare: (input: string) => T = (s) => s as T,
): void {
  test(`${name} is linear on 64 KB hostile input`, async () => {
    for (const warm of ['a', 'http://a//', 'Bearer x  y', '<title>t</title>']) parse(prepare(warm));
    // fc.sample rather than fc.assert: a failure names the input's start instead of printing 64 KB of it.
    for (const shape of [...KNOWN, ...fc.sample(hostile, RUNS)]) {
      const input = shape(SIZE);
      const argument = prepare(input);
      const what = `${name}(${JSON.stringify(input.slice(0, 32))}…)`;
      if ((await fastestMs(() => parse(argument))) < BUDGET_MS) continue;
      const quarter = prepare(shape(SIZE / 4));
      const { ms, ratio } = await growth(
        () => parse(argument),
        () => parse(quarter),
      );
      expect(ms, `${what} took ${ms.toFixed(1)} ms`).toBeLessThan(CEILING_MS);
      expect(ratio, `${what}: ${ms.toFixed(1)} ms, ${ratio.toFixed(1)}× its quarter-size input`).toBeLessThan(
        MAX_GROWTH,
      );
    }
  }, 120_000);
}

/** What a Headers object accepts: no CR, LF or NUL, and (as it would trim them) no surrounding blanks. */
const headerSafe = (value: string) => value.replace(/[\r\n\0]/g, 'x').replace(/[^\x00-\xff]/g, 'u');

/** Parsers that take a Request: the Request is built outside the timed call. */
function linearOnRequest(name: string, header: string, check: (request: Request) => unknown): void {
  const url = 'http://127.0.0.1/v1/chat/completions';
  linear(name, check, (input) => new Request(url, { method: 'POST', headers: { [header]: headerSafe(input) } }));
}

const logRecord: RequestLog = { ...sampleRecord, usage: null };

describe('request headers', () => {
  const cors = createCorsPolicy(['https://chat.example.com', 'http://localhost:*']);
  linear('normalizeOrigin', normalizeOrigin);
  linear('trimTrailingSlashes', trimTrailingSlashes);
  linear('CorsPolicy.allows', (origin) => cors.allows(origin, '127.0.0.1:8787'));
  linear('CorsPolicy.allows (own host from the request)', (origin) => cors.allows(origin, origin));
  linear('originMatcher (port wildcard)', (origin) => originMatcher('http://localhost:*')(origin));
  linear('requestedHeaders', requestedHeaders);
  linearOnRequest('preflightResponse', 'access-control-request-headers', (request) => preflightResponse(request, true));
  linear('bearerToken', bearerToken);
  linearOnRequest('access check', 'authorization', createAccessCheck(['door-code-42'])!);
  linear('hostnameOf', hostnameOf);
  linear('firstForwardedHost', firstForwardedHost);
  linearOnRequest('host check', 'host', createHostCheck(['localhost', '.example.com'])!);
  linear('lastForwardedFor', lastForwardedFor);
  linearOnRequest('client IP (trusted proxy)', 'x-forwarded-for', createClientIp({ trustProxy: true }));
  linear('mediaType', mediaType);
  linear('declaredLength', declaredLength);
  linearOnRequest('checkJsonContentType', 'content-type', checkJsonContentType);
  linear('retryAfterMs', (value) => retryAfterMs(value, 0));
});

describe('request bodies', () => {
  const encoder = new TextEncoder();
  linear('parseChatBody', parseChatBody, (text) => encoder.encode(text));
  // The hostile text as a JSON string value (quotes, backslashes and controls dropped so it stays 64 KB).
  const asModel = (text: string) => encoder.encode(`{"messages":[],"model":"${text.replace(/["\\\x00-\x1f]/g, '')}"}`);
  linear('parseChatBody (JSON string)', parseChatBody, asModel);
  linear('isAllowedImageUrl', isAllowedImageUrl);
  linear('isAllowedImageUrl (after a data: prefix)', isAllowedImageUrl, (text) => `data:image/png;base64,${text}`);
});

describe('upstream answers', () => {
  const keys = ['sk-upstream-secret-1', 'other-key-123456'];
  linear('htmlTitle', htmlTitle);
  linear('normalizeUpstreamError (HTML)', (text) => normalizeUpstreamError(502, text, keys));
  const json = (text: string) => text.replace(/["\\\x00-\x1f]/g, '');
  const normalize = (body: string) => normalizeUpstreamError(400, body, keys);
  linear('normalizeUpstreamError (JSON message)', normalize, (text) => `{"error":{"message":"${json(text)}"}}`);
  linear('normalizeUpstreamError (other JSON)', normalize, (text) => `{"detail":"${json(text)}"}`);
  linear('redactSecrets', (text) => redactSecrets(text, keys));
  linear('findLastUsage', findLastUsage);
  linear('endsWithDone', endsWithDone);
  const upstreamError = (text: string) =>
    new Response(null, { status: 429, headers: { 'retry-after': headerSafe(text) } });
  linear('passThroughErrorHeaders', passThroughErrorHeaders, upstreamError);
});

describe('log fields', () => {
  linear('textField', textField);
  linear('quoted', quoted);
  linear('jsonSafe', jsonSafe, (text) => JSON.stringify(text)); // what it is given: a JSON.stringify line
  linear('formatTextLine', (text) => formatTextLine({ ...logRecord, ip: text, path: text, model: text, error: text }));
  linear('formatJsonLine', (text) => formatJsonLine({ ...logRecord, ip: text, path: text, model: text, error: text }));
  const log = createLogger({ format: 'text', secrets: ['sk-upstream-secret-1'], write: () => {} })!;
  linear('createLogger (text)', (text) => log({ ...logRecord, ip: text, path: text, model: text, error: text }));
});

describe('widget: relayed upstream bytes', () => {
  linear('interpretSseData', (text) => interpretSseData(text));
  linear('interpretSseData (error event)', (text) => interpretSseData(text, 'error'));
  linear('errorFromResponse', (text) => errorFromResponse(502, new Headers(), text));
  linear('kindForMessage', kindForMessage);
  const parse = (headers: Headers) => parseRetryAfter(headers, 0);
  linear('parseRetryAfter', parse, (text) => new Headers({ 'retry-after': headerSafe(text) }));
  linear('parseRetryAfter (ms)', parse, (text) => new Headers({ 'retry-after-ms': headerSafe(text) }));
});

describe('configuration text', () => {
  const target = new URL('https://api.openai.com/v1');
  // NO_PROXY is the operator's, read once per upstream origin: held to the budget at a quarter size, already absurd.
  linear(
    'matchesNoProxy',
    (value) => matchesNoProxy(target, value),
    (text) => text.slice(0, text.length / 4),
  );
  linear('parseList', parseList);
  linear('splitList', splitList);
});

describe('normal inputs keep their meaning', () => {
  test('origins, tokens, hosts and addresses', () => {
    expect(normalizeOrigin(' HTTPS://Chat.Example.com// ')).toBe('https://chat.example.com');
    expect(createCorsPolicy(['https://chat.example.com']).allows('https://chat.example.com/', null)).toBe(true);
    expect(createCorsPolicy(['*']).allows('http://a' + '/'.repeat(SIZE), null)).toBe(false);
    expect(bearerToken('Bearer x' + ' '.repeat(100) + 'y')).toBe('x' + ' '.repeat(100) + 'y');
    expect(bearerToken('Bearer \t tok \t')).toBe('tok');
    expect(bearerToken('Bearer ')).toBeNull();
    expect(bearerToken('Bearer a\nb')).toBeNull();
    expect(bearerToken('Bearerx')).toBeNull();
    expect(firstForwardedHost(' chat.example.com , proxy')).toBe('chat.example.com');
    expect(lastForwardedFor('1.2.3.4, 203.0.113.9 ')).toBe('203.0.113.9');
    expect(lastForwardedFor('1.2.3.4, ' + 'a'.repeat(100))).toBeNull();
    expect(mediaType('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(declaredLength('2048')).toBe(2048);
    expect(declaredLength('12abc')).toBeNull();
    expect(requestedHeaders('x-stainless-os, Authorization, bad header')).toEqual(['x-stainless-os']);
  });

  test('upstream titles, usage and Retry-After', () => {
    expect(htmlTitle('<html><TITLE lang="en">502 Bad Gateway</Title></html>')).toBe('502 Bad Gateway');
    expect(htmlTitle('<title>' + 'a'.repeat(201) + '</title><title>ok</title>')).toBe('ok');
    expect(htmlTitle('<title<title>x</title>')).toBe('x');
    expect(htmlTitle('<title>a<b</title>')).toBeNull();
    const usage = '"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}';
    const tail = `data: {${usage}}\n\ndata: {"usage" : null}\n\ndata: [DONE]\n\n`;
    expect(findLastUsage(tail)).toEqual({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
    expect(endsWithDone('data: [DONE]\n')).toBe(true);
    expect(endsWithDone('data: [DONE]x')).toBe(false);
    expect(retryAfterMs('7', 0)).toBe(7000);
    expect(retryAfterMs('7'.repeat(100), 0)).toBeUndefined();
  });
});
