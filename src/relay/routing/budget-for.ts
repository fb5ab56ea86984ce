// The Budget of a relay with named tokens: prices from the routed provider of a model, counters in the store.
import { createBudget, type Budget } from '../guards/budget.js';
import type { RelayConfig } from '../settings/config.js';
import type { TokenConfig } from '../settings/lists.js';
import { pricePerToken } from './router.js';

export function budgetFor(tokens: readonly TokenConfig[] | undefined, config: RelayConfig): Budget | null {
  if (!tokens?.length) return null;
  const { store, router } = config;
  if (!store.tally || !store.scan)
    throw new TypeError(
      'Named tokens need a counter store with tally() and scan() (the memory or Durable Object store).',
    );
  return createBudget({
    tokens,
    store: { tally: store.tally.bind(store), scan: store.scan.bind(store) },
    now: config.now,
    priceOf: (model) => {
      const route = router?.route(model);
      return route ? pricePerToken(route.provider, route.model) : null;
    },
  });
}
