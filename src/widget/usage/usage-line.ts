// The words of a reply's usage line, "Tokens: 1,234 in · 567 out (400 reasoning) · $0.013". A lazy chunk: fetched
// the first time the element shows a reply with usage (with show-usage), with the price loader it needs then.
import { costOf, formatCost, formatCount, tokenCounts, usageModel, type ModelPrice } from './usage.js';

export { loadPrices, pricesFrom } from './pricing.js';

type Words = (key: 'usage' | 'usageReasoning', params: Record<string, string>) => string;

/** The line for `usage` (null when it has no counts); priced by its model, else `fallbackModel`. */
export function usageText(
  usage: unknown,
  prices: ReadonlyMap<string, ModelPrice> | null,
  fallbackModel: string | undefined,
  lang: string,
  t: Words,
): string | null {
  const counts = tokenCounts(usage);
  if (!counts) return null;
  const cost = costOf(usage, prices?.get(usageModel(usage) ?? fallbackModel ?? ''));
  return (
    t('usage', { prompt: formatCount(counts.prompt, lang), completion: formatCount(counts.completion, lang) }) +
    (counts.reasoning ? t('usageReasoning', { n: formatCount(counts.reasoning, lang) }) : '') +
    (cost !== null ? ` · ${formatCost(cost, lang)}` : '')
  );
}
