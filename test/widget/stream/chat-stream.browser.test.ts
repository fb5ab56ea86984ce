// streamChat in real Chromium against the test runner's fake OpenAI endpoint (test/support/sse-test-server.mjs),
// for what only a browser has: tab visibility and fetch's own network errors.
import { ok, equal } from '../_support/assert.js';
import { ChatError, streamChat, type StreamChatOptions } from '../../../src/widget/stream/chat-stream.js';

const uniqueKey = (name: string) => `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const endpoint = (scenario: string, key: string) => `/fake/v1/chat/completions?scenario=${scenario}&key=${key}`;

async function waitFor(condition: () => boolean, what: string, timeout = 15_000) {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function requestCount(key: string): Promise<number> {
  const res = await fetch(`/fake/last?key=${key}`);
  const body = (await res.json()) as { count: number } | null;
  return body?.count ?? 0;
}

function start(scenario: string, key: string, extra: Partial<StreamChatOptions> = {}) {
  const controller = new AbortController();
  const got = { content: '', reasoning: '', deltas: 0, finish: [] as Array<string | null> };
  const done = streamChat({
    endpoint: endpoint(scenario, key),
    body: { messages: [{ role: 'user', content: 'hi' }] },
    signal: controller.signal,
    onDelta: (d) => {
      got.deltas++;
      got.content += d.content ?? '';
      got.reasoning += d.reasoning ?? '';
    },
    onFinish: (r) => got.finish.push(r),
    ...extra,
  });
  return { controller, got, done };
}

describe('streamChat in the browser', () => {
  it('a tab visibility change does not abort or re-send the POST (openWhenHidden)', async () => {
    const key = uniqueKey('hidden');
    const { controller, got, done } = start('slow', key);
    const settled = done.catch((e: unknown) => e);
    await waitFor(() => got.deltas >= 2, 'first deltas');
    // fetch-event-source's default reaction to this event is abort + re-send when the tab is visible.
    document.dispatchEvent(new Event('visibilitychange'));
    const before = got.deltas;
    await waitFor(() => got.deltas >= before + 3, 'more deltas on the same request');
    controller.abort();
    const error = await settled;
    ok(error instanceof ChatError && error.kind === 'aborted', `aborted, got ${String(error)}`);
    equal(await requestCount(key), 1, 'exactly one request');
  });

  it('streams the DeepSeek dialect with reasoning', async () => {
    const key = uniqueKey('deepseek');
    const { got, done } = start('deepseek', key);
    await done;
    ok(got.reasoning.includes('这个问题'), got.reasoning);
    ok(got.content.includes('你好'), got.content);
    equal(got.finish.join(), 'stop');
  });

  it('an unreachable relay is a network error (fetch TypeError), not retried', async () => {
    const { done } = start('normal', 'x', { endpoint: 'http://127.0.0.1:9/v1/chat/completions' });
    const error = await done.catch((e: unknown) => e);
    ok(error instanceof ChatError, String(error));
    equal((error as ChatError).kind, 'network');
    equal((error as ChatError).code, 'relay_unreachable');
  });

  it('a 502 HTML page is an upstream error with a readable message, sent once', async () => {
    const key = uniqueKey('502');
    const error = await start('502-html', key).done.catch((e: unknown) => e);
    ok(error instanceof ChatError);
    equal((error as ChatError).kind, 'upstream');
    equal((error as ChatError).message, 'HTTP 502');
    await new Promise((r) => setTimeout(r, 1200)); // longer than fetch-event-source's default retry delay
    equal(await requestCount(key), 1);
  });
});
