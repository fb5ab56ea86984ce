// Token and cost totals the page shows: for the chat in view and for today (every chat's replies since local
// midnight), summed from the usage each reply keeps (the element's usage/usage.ts does the pricing).
import { formatCost, formatCount, totalUsage, type ModelPrice, type UsageTotal } from '../../src/widget/usage/usage.js';
import type { Translate } from './i18n.js';
import type { Chat } from './types.js';

export type PriceOf = (model: string | undefined) => ModelPrice | undefined;

export function pricesLookup(prices: ReadonlyMap<string, ModelPrice>): PriceOf {
  return (model) => (model ? prices.get(model) : undefined);
}

export function chatTotal(chat: Chat, priceOf: PriceOf): UsageTotal {
  return totalUsage(
    chat.messages.map((m) => m.usage),
    priceOf,
  );
}

/** Local midnight of the day `now` falls in. */
export function startOfDay(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Every reply since local midnight, whichever chat it is in. */
export function todayTotal(chats: Iterable<Chat>, priceOf: PriceOf, now = Date.now()): UsageTotal {
  const since = startOfDay(now);
  const usages: unknown[] = [];
  for (const chat of chats) {
    if (chat.updatedAt < since) continue; // a chat untouched today has no reply from today
    for (const m of chat.messages) if (m.createdAt >= since && m.usage) usages.push(m.usage);
  }
  return totalUsage(usages, priceOf);
}

/** "12,345 tokens · $0.012" (cost only when some reply was priced); '' for no usage at all. */
export function formatTotal(total: UsageTotal, lang: string, t: Translate): string {
  if (total.replies === 0) return '';
  const tokens = t('usageTokens', { n: formatCount(total.prompt + total.completion, lang) });
  return total.priced > 0 ? `${tokens} · ${formatCost(total.cost, lang)}` : tokens;
}
