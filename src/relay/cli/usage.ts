// `gpt-chat usage --config FILE`: asks the running relay (host and port from the same flags/file) for
// GET /v1/usage with the file's first admin token, and prints it as a table: one row per token and model.
import type { UsagePeriod, UsageReport } from '../routes/usage.js';
import type { CliConfig } from './flags.js';
import { formatUrl } from '../runtimes/node/serve.js';

const NO_ADMIN =
  'gpt-chat usage needs an admin token: add "admin": true to one of the config file\'s "tokens" ' +
  '(or ask GET /v1/usage with your own token: curl -H "Authorization: Bearer $TOKEN" http://HOST:PORT/v1/usage)';

const usd = (value: number) => `$${value.toFixed(4)}`;

function rows(name: string, label: string, period: UsagePeriod): string[][] {
  const line = (model: string, t: Omit<UsagePeriod, 'models'>) => [
    name,
    label,
    model,
    String(t.requests),
    String(t.prompt_tokens),
    String(t.completion_tokens),
    usd(t.cost_usd),
  ];
  return [...Object.entries(period.models).map(([model, totals]) => line(model, totals)), line('(all)', period)];
}

/** The report as an aligned text table. */
export function usageTable(report: UsageReport): string {
  const table = [['token', 'period', 'model', 'requests', 'prompt', 'completion', 'cost']];
  for (const token of report.tokens) {
    table.push(...rows(token.name, report.day, token.today), ...rows(token.name, report.month, token.month));
  }
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  return (
    table
      .map((row) =>
        row
          .map((cell, column) => (column >= 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** Fetches the running relay's usage; a message for stderr on failure. */
export async function fetchUsage(config: CliConfig): Promise<UsageReport | string> {
  const admin = config.relay.tokens?.find((entry) => entry.admin);
  if (!admin) return NO_ADMIN;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `${formatUrl(host, config.port).replace(/\/$/, '')}/v1/usage`;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { authorization: `Bearer ${admin.token}` },
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return `cannot reach the relay at ${url} (is it running with this config?)`;
  }
  if (!res.ok) return `the relay at ${url} answered ${res.status}`;
  return (await res.json()) as UsageReport;
}
