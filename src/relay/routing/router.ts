// Several upstreams, routed by model: a request goes to the provider that lists its model, or to the one named by a
// `provider/model` prefix (stripped before forwarding), or else to the first provider that lists no models (the
// catch-all). Built once per relay from the config file's `providers`.
import type { ModelPrice, ProviderConfig } from '../settings/lists.js';
import { resolveUpstream, type UpstreamTarget } from '../settings/providers.js';
import { createKeyPool, type KeyPool } from '../upstream/keys.js';

export interface ProviderRoute {
  name: string;
  target: UpstreamTarget;
  keys: KeyPool;
  /** The models it answers for; null: any model no other provider lists. */
  models: readonly string[] | null;
  prices: Readonly<Record<string, ModelPrice>>;
}

export interface Route {
  provider: ProviderRoute;
  /** The model name the upstream gets (a `provider/` prefix removed). */
  model: string;
}

export interface Router {
  readonly providers: readonly ProviderRoute[];
  /** Where `model` goes; null when no provider serves it. */
  route(model: string): Route | null;
  /** Where to look, for the 400 of an unknown model. */
  describe(): string;
}

export function createRouter(configs: readonly ProviderConfig[]): Router {
  const providers: ProviderRoute[] = configs.map((config) => ({
    name: config.name,
    target: resolveUpstream({ provider: config.preset, upstream: config.baseURL }),
    keys: createKeyPool(config.keys),
    models: config.models ?? null,
    prices: config.prices ?? {},
  }));
  const byModel = new Map<string, ProviderRoute>();
  for (const provider of providers)
    for (const model of provider.models ?? []) if (!byModel.has(model)) byModel.set(model, provider);
  const byName = new Map(providers.map((provider) => [provider.name, provider]));
  const catchAll = providers.find((provider) => provider.models === null) ?? null;
  return {
    providers,
    route(model) {
      const listed = byModel.get(model);
      if (listed) return { provider: listed, model };
      const slash = model.indexOf('/');
      if (slash > 0) {
        const named = byName.get(model.slice(0, slash));
        if (named && slash < model.length - 1) return { provider: named, model: model.slice(slash + 1) };
      }
      return catchAll ? { provider: catchAll, model } : null;
    },
    describe() {
      const listed = providers.map((p) => `${p.name} (${p.models ? p.models.join(', ') : 'any model'})`).join('; ');
      return `GET /v1/models lists them; by provider: ${listed}. "provider/model" picks a provider.`;
    },
  };
}

/** The price of `model` at `provider` in USD per token, or null when none is configured. */
export function pricePerToken(provider: ProviderRoute, model: string): ModelPrice | null {
  const price = provider.prices[model];
  return price ? { prompt: price.prompt / 1e6, completion: price.completion / 1e6 } : null;
}
