// Shared bits for the relay tests: a relay in front of a fake upstream, and small readers for raw bytes.
import type { RelayOptions, RequestLog } from '../../../src/relay/settings/options.js';
import { serveRelay, type ServedRelay } from '../../support/serve-relay.js';
import { startFakeUpstream, type FakeUpstream, type Reply, type ReplyFor } from '../../support/fake-upstream.js';

export interface Rig {
  relay: ServedRelay;
  upstream: FakeUpstream;
  logs: RequestLog[];
  close(): Promise<void>;
}

/** A fake upstream and a relay pointed at it (key "sk-upstream-secret-1", rate limit off unless given). */
export async function rig(
  options: RelayOptions | ((upstream: FakeUpstream) => RelayOptions) = {},
  reply?: ReplyFor | Reply,
): Promise<Rig> {
  const upstream = await startFakeUpstream(reply);
  const extra = typeof options === 'function' ? options(upstream) : options;
  const logs: RequestLog[] = [];
  const relay = await serveRelay({
    upstream: upstream.url,
    apiKeys: ['sk-upstream-secret-1'],
    rateLimit: 0,
    heartbeatSeconds: 0,
    log: (r) => logs.push(r),
    ...extra,
  });
  return {
    relay,
    upstream,
    logs,
    async close() {
      await relay.close();
      await upstream.close();
    },
  };
}

export const USER_TEXT = 'my secret diary entry 42';

export function chatBody(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: USER_TEXT }], ...extra });
}

export function postChat(
  url: string,
  body: string | Record<string, unknown> = chatBody(),
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
    body: typeof body === 'string' ? body : chatBody(body),
  });
}

/** Reads a whole body as raw bytes (no decoding). */
export async function readBytes(res: Response): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Reads from `reader` until the accumulated text satisfies `until`; returns the accumulated bytes. */
export async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  until: (text: string) => boolean,
  acc: Buffer[] = [],
): Promise<Buffer> {
  for (;;) {
    const joined = Buffer.concat(acc);
    if (until(joined.toString('utf8'))) return joined;
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(acc);
    acc.push(Buffer.from(value));
  }
}

/** Polls `check` until it is truthy (deterministic waits instead of fixed sleeps). */
export async function eventually<T>(
  check: () => T | undefined | null | false,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Data payloads of SSE events in a text (comments and blank lines skipped). */
export function sseData(text: string): string[] {
  return text
    .split(/\r?\n\r?\n/)
    .flatMap((event) =>
      event
        .split(/\r?\n/)
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart()),
    )
    .filter((d) => d.length > 0);
}
