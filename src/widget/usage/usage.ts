// A reply's token counts and cost, from the stream's usage chunk and the relay's model prices. Pure: the element
// and the page (per-chat and per-day totals) both use it.
import type { Usage } from '../../shared/openai.js';

/** Usage as a reply keeps it: the OpenAI object plus the model that answered (what it is priced by). */
export type ReplyUsage = Usage & { model?: string };

/** USD per token, as OpenRouter's `/v1/models` lists them (`pricing: {prompt, completion}`, strings there). */
export interface ModelPrice {
  prompt: number;
  completion: number;
}

export interface TokenCounts {
  prompt: number;
  completion: number;
  /** Part of `completion` spent thinking (`completion_tokens_details.reasoning_tokens`); 0 when not reported. */
  reasoning: number;
}

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);

/** The counts in `usage`, or null when it has none (stored data is checked: it may come from an import). */
export function tokenCounts(usage: unknown): TokenCounts | null {
  if (!usage || typeof usage !== 'object') return null;
  const u = usage as Record<string, unknown>;
  if (typeof u.prompt_tokens !== 'number' && typeof u.completion_tokens !== 'number') return null;
  const details = u.completion_tokens_details as Record<string, unknown> | undefined;
  return {
    prompt: count(u.prompt_tokens),
    completion: count(u.completion_tokens),
    reasoning: count(details?.reasoning_tokens),
  };
}

/**
 * What the reply cost in USD: the provider's own figure when it gives one (OpenRouter's `usage.cost`), else the
 * counts times `price`; null when neither is known.
 */
export function costOf(usage: unknown, price: ModelPrice | undefined): number | null {
  const counts = tokenCounts(usage);
  if (!counts) return null;
  const own = (usage as Record<string, unknown>).cost;
  if (typeof own === 'number' && Number.isFinite(own) && own >= 0) return own;
  if (!price) return null;
  return counts.prompt * price.prompt + counts.completion * price.completion;
}

/** The model a stored usage names, if any. */
export function usageModel(usage: unknown): string | undefined {
  const model = (usage as Record<string, unknown> | null | undefined)?.model;
  return typeof model === 'string' && model ? model : undefined;
}

/** `usd` for people: "$0.0042", "US$1.20" (zh-CN), never "$0.00" for a reply that cost something. */
export function formatCost(usd: number, lang: string): string {
  const digits = usd >= 1 ? { maximumFractionDigits: 2, minimumFractionDigits: 2 } : { maximumSignificantDigits: 2 };
  return new Intl.NumberFormat(lang, { style: 'currency', currency: 'USD', ...digits }).format(usd);
}

export function formatCount(n: number, lang: string): string {
  return new Intl.NumberFormat(lang).format(n);
}

/** Totals over many replies (a chat, a day): tokens summed, cost summed over the replies that have one. */
export interface UsageTotal extends TokenCounts {
  cost: number;
  /** Replies counted; `priced` of them had a cost. */
  replies: number;
  priced: number;
}

export function totalUsage(
  usages: Iterable<unknown>,
  priceOf: (model: string | undefined) => ModelPrice | undefined,
): UsageTotal {
  const total: UsageTotal = { prompt: 0, completion: 0, reasoning: 0, cost: 0, replies: 0, priced: 0 };
  for (const usage of usages) {
    const counts = tokenCounts(usage);
    if (!counts) continue;
    total.prompt += counts.prompt;
    total.completion += counts.completion;
    total.reasoning += counts.reasoning;
    total.replies++;
    const cost = costOf(usage, priceOf(usageModel(usage)));
    if (cost !== null) {
      total.cost += cost;
      total.priced++;
    }
  }
  return total;
}
