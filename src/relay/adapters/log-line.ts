// The request log for runtimes whose adapter writes to stdout/console (Workers, Deno, Bun): one JSON object per
// line, which Workers Logs, Deno Deploy's log view and journald all index. The record never holds secrets
// (see RequestLog), so it is printed as is.
import type { RequestLog } from '../options.js';

export function logJsonLine(record: RequestLog): void {
  console.log(JSON.stringify(record));
}
