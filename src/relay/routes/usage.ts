// GET /v1/usage (a named access token required): that token's requests, prompt/completion tokens and cost today and
// this month (UTC), in total and per model; an `admin` token sees every named token.
import type { H3Event } from 'h3';
import type { Tally } from '../settings/options.js';
import { JSON_CONTENT_TYPE, openaiError } from '../errors.js';
import { dayOf, monthOf, parseUsageKey } from '../guards/budget-periods.js';
import { admit } from './admit.js';
import { recorderOf, type RelayContext } from './context.js';

export interface UsageTotals {
  requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
}

export interface UsagePeriod extends UsageTotals {
  models: Record<string, UsageTotals>;
}

export interface UsageReport {
  object: 'usage';
  day: string;
  month: string;
  tokens: Array<{ name: string; today: UsagePeriod; month: UsagePeriod }>;
}

const FIELDS = ['requests', 'prompt_tokens', 'completion_tokens', 'cost_usd'] as const;
const zero = (): UsageTotals => ({ requests: 0, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0 });

function add(into: UsageTotals, values: Tally): void {
  for (const field of FIELDS) into[field] += values[field] ?? 0;
}

/** Rounds what floating point left (cost in USD to 1e-9, counts to whole numbers). */
function tidy(totals: UsageTotals): void {
  totals.cost_usd = Math.round(totals.cost_usd * 1e9) / 1e9;
}

export function usageHandler(ctx: RelayContext) {
  const { config } = ctx;
  return async (event: H3Event): Promise<Response> => {
    const request = event.req as Request;
    const recorder = recorderOf(event);
    const refused = await admit(ctx, request, recorder);
    if (refused) return refused;
    const budget = ctx.budget;
    const token = budget?.identify(request);
    if (!budget || !token) {
      return openaiError(
        401,
        'GET /v1/usage needs a named access token (the config file\'s "tokens" list).',
        'authentication_error',
        'named_token_required',
        { 'www-authenticate': 'Bearer' },
      );
    }
    const now = config.now();
    const day = dayOf(now);
    const month = monthOf(now);
    const names = token.admin ? budget.tokens.map((entry) => entry.name) : [token.name];
    const report: UsageReport = {
      object: 'usage',
      day,
      month,
      tokens: names.map((name) => ({ name, today: { ...zero(), models: {} }, month: { ...zero(), models: {} } })),
    };
    const byName = new Map(report.tokens.map((row) => [row.name, row]));
    const [today, thisMonth] = await Promise.all([
      config.store.scan!(`usage:${day}:`, now),
      config.store.scan!(`usage:${month}:`, now),
    ]);
    for (const [rows, which] of [
      [today, 'today'],
      [thisMonth, 'month'],
    ] as const) {
      for (const { key, values } of rows) {
        const parsed = parseUsageKey(key);
        const row = parsed && byName.get(parsed.name);
        if (!row) continue;
        const period = row[which];
        add(period, values);
        add((period.models[parsed.model] ??= zero()), values);
      }
    }
    for (const row of report.tokens)
      for (const period of [row.today, row.month]) {
        tidy(period);
        Object.values(period.models).forEach(tidy);
      }
    return new Response(JSON.stringify(report), {
      headers: { 'content-type': JSON_CONTENT_TYPE, 'cache-control': 'no-store' },
    });
  };
}
