// Cases a runtime cannot support, with the reason. Such a case still runs, expected to fail (it.fails), so the
// list stays true: when a runtime gains the feature the case "unexpectedly passes" and this entry must go.
// scripts/test-runtimes.mjs counts these as "unsupported" and prints the reasons.

export type CaseId = 'disconnect-mid-stream' | 'disconnect-before-headers' | 'disconnect-non-stream';

// Checked with workerd 1.20261117 (compatibility flag enable_request_signal set): request.signal never fires
// when the client goes away, and a streamed response learns of it only when its next write fails.
const WORKERD_NO_SIGNAL =
  'workerd gives no client-disconnect signal; a stream is cut at its next write (data or heartbeat ping), a pending or non-stream upstream request runs to its end';

const LIMITATIONS: Record<string, Partial<Record<CaseId, string>>> = {
  node: {},
  deno: {},
  // Bun 1.4.5 aborts request.signal and cancels the response stream on disconnect: all three cases pass.
  bun: {},
  workerd: {
    'disconnect-mid-stream': WORKERD_NO_SIGNAL,
    'disconnect-before-headers': WORKERD_NO_SIGNAL,
    'disconnect-non-stream': WORKERD_NO_SIGNAL,
  },
};

export function limitation(runtime: string, id: CaseId): string | undefined {
  return LIMITATIONS[runtime]?.[id];
}

/** The marker scripts/test-runtimes.mjs looks for in a case's name. */
export const UNSUPPORTED_MARK = '[unsupported on';
