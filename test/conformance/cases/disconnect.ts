// The client going away aborts the upstream request: while waiting for headers, mid-stream, and for a non-stream
// request. These cases use the relay with a 60 s heartbeat, so nothing is written to the gone client in time and
// only the runtime's disconnect signal (request.signal or the response stream's cancel) can abort the upstream.
// A runtime without a client-disconnect signal is listed in limitations.ts; its cases run expecting failure, and
// are reported as unsupported by name.
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../context.js';
import { chatBody, post, StreamReader, WAIT_MS, within } from '../client.js';
import { limitation, UNSUPPORTED_MARK, type CaseId } from '../limitations.js';
import { sse, type ScenarioContext } from '../scripted-upstream.js';

/** Generous: the relay should close within a second; a loaded CI machine gets five. */
const ABORT_WITHIN_MS = 5_000;
/** How long a scenario holds its connection open before giving up (ends the case without a hang). */
const HOLD_MS = 15_000;

function hold(context: ScenarioContext): Promise<void> {
  return Promise.race([context.clientGone, new Promise<void>((resolve) => setTimeout(resolve, HOLD_MS))]).then(() => {
    context.res.destroy();
  });
}

export function disconnectCases(ctx: () => ConformanceContext, runtime: string): void {
  const testCase = (id: CaseId, name: string, body: () => Promise<void>) => {
    const reason = limitation(runtime, id);
    if (reason) it.fails(`${name} ${UNSUPPORTED_MARK} ${runtime}: ${reason}]`, body, 30_000);
    else it(name, body, 30_000);
  };

  describe('client disconnect aborts the upstream', () => {
    testCase('disconnect-mid-stream', 'mid-stream', async () => {
      const record = ctx().upstream.on('gone-mid', async (context) => {
        context.res.writeHead(200, sse.headers);
        context.res.write(sse.chunk('第一块'));
        await hold(context);
      });
      const controller = new AbortController();
      const response = await post(ctx().quietUrl, '/v1/chat/completions', chatBody('gone-mid', { stream: true }), {
        signal: controller.signal,
      });
      const reader = new StreamReader(response);
      await reader.until((text) => text.includes('第一块'));
      controller.abort();
      await within(record.wentAway, ABORT_WITHIN_MS, 'the upstream connection closing');
      expect(record.clientWentAway).toBe(true);
    });

    testCase('disconnect-before-headers', 'while waiting for the upstream headers', async () => {
      const record = ctx().upstream.on('gone-before', hold);
      const controller = new AbortController();
      const pending = post(ctx().quietUrl, '/v1/chat/completions', chatBody('gone-before', { stream: true }), {
        signal: controller.signal,
      });
      pending.catch(() => {}); // the abort rejects it unless headers (a heartbeat) came first
      await within(record.called, WAIT_MS, 'the request reaching the upstream');
      controller.abort();
      await within(record.wentAway, ABORT_WITHIN_MS, 'the upstream connection closing');
      expect(record.clientWentAway).toBe(true);
    });

    testCase('disconnect-non-stream', 'for a non-stream request', async () => {
      const record = ctx().upstream.on('gone-json', hold);
      const controller = new AbortController();
      const pending = post(ctx().quietUrl, '/v1/chat/completions', chatBody('gone-json'), {
        signal: controller.signal,
      });
      pending.catch(() => {});
      await within(record.called, WAIT_MS, 'the request reaching the upstream');
      controller.abort();
      await within(record.wentAway, ABORT_WITHIN_MS, 'the upstream connection closing');
      expect(record.clientWentAway).toBe(true);
    });

    it('does not abort a stream that finishes normally', async () => {
      const record = ctx().upstream.on('normal-finish', ({ res }) => {
        res.writeHead(200, sse.headers);
        res.end(sse.chunk('完整') + sse.done);
      });
      const response = await post(ctx().apiUrl, '/v1/chat/completions', chatBody('normal-finish', { stream: true }));
      await new StreamReader(response).toEnd();
      expect(record.requests).toHaveLength(1);
      expect(record.clientWentAway).toBe(false);
    });
  });
}
