// The UTC day and month a budget or usage count belongs to, when they reset, and the store keys of usage.
export const DAY_TTL_MS = 2 * 86_400_000;
export const MONTH_TTL_MS = 32 * 86_400_000;

/** "2026-12-01" */
export const dayOf = (t: number): string => new Date(t).toISOString().slice(0, 10);
/** "2026-12" */
export const monthOf = (t: number): string => new Date(t).toISOString().slice(0, 7);

export function nextDay(t: number): number {
  return Math.floor(t / 86_400_000) * 86_400_000 + 86_400_000;
}

export function nextMonth(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** `usage:<period>:<name>:<model>`, name and model encoded so one cannot run into the next. */
export function usageKey(period: string, name: string, model: string): string {
  return `usage:${period}:${encodeURIComponent(name)}:${encodeURIComponent(model)}`;
}

/** The name and model of a usage key, or null when it is not one. */
export function parseUsageKey(key: string): { period: string; name: string; model: string } | null {
  const parts = key.split(':');
  if (parts.length !== 4 || parts[0] !== 'usage') return null;
  return { period: parts[1]!, name: decodeURIComponent(parts[2]!), model: decodeURIComponent(parts[3]!) };
}
