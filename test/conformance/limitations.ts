// Cases a runtime cannot support, with the reason. Such a case still runs, expected to fail (it.fails), so the
// list stays true: when a runtime gains the feature the case "unexpectedly passes" and this entry must go.
// scripts/test-runtimes.mjs counts these as "unsupported" and prints the reasons.

export type CaseId = 'disconnect-mid-stream' | 'disconnect-before-headers' | 'disconnect-non-stream';

const LIMITATIONS: Record<string, Partial<Record<CaseId, string>>> = {
  bun: {},
  workerd: {},
  deno: {},
  node: {},
};

export function limitation(runtime: string, id: CaseId): string | undefined {
  return LIMITATIONS[runtime]?.[id];
}

/** The marker scripts/test-runtimes.mjs looks for in a case's name. */
export const UNSUPPORTED_MARK = '[unsupported on';
