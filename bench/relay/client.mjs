// The bench client: node:http streams that record time to the first body byte and check every reply is
// complete (exact byte count, ends with [DONE]).
import { request } from 'node:http';

const DONE = Buffer.from('data: [DONE]\n\n');

/**
 * One streamed chat request. Resolves { ttfbMs, ok, error? } — never rejects, so one broken stream is
 * counted rather than ending the run. `onFirstByte` (optional) is called when the first body byte arrives.
 */
export function streamOnce(agent, port, body, expectedLength, onFirstByte) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    let ttfbMs = null;
    let bytes = 0;
    let tail = Buffer.alloc(0);
    let settled = false;
    const settle = (result) => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/chat/completions',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: 'Bearer client-token-ignored',
        },
      },
      (res) => {
        res.on('data', (chunk) => {
          if (ttfbMs === null) {
            ttfbMs = Number(process.hrtime.bigint() - started) / 1e6;
            onFirstByte?.();
          }
          bytes += chunk.length;
          tail = Buffer.concat([tail, chunk]).subarray(-DONE.length);
        });
        res.on('end', () => {
          const ok = res.statusCode === 200 && bytes === expectedLength && tail.equals(DONE);
          settle({ ttfbMs, ok, error: ok ? undefined : `status ${res.statusCode}, ${bytes}/${expectedLength} bytes` });
        });
        res.on('error', (error) => settle({ ttfbMs, ok: false, error: error.message }));
        res.on('aborted', () => settle({ ttfbMs, ok: false, error: 'aborted' }));
      },
    );
    req.on('error', (error) => settle({ ttfbMs, ok: false, error: error.message }));
    req.end(body);
  });
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}
