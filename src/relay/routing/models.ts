// GET /v1/models with several providers: every provider's list (its configured `models`, else the upstream's own
// list), each entry owned_by the provider's name and, where prices are configured, `pricing` in USD per token as
// strings (as OpenRouter lists them). A provider that cannot list its models is left out, not the whole answer.
import type { ModelList } from '../../shared/openai.js';
import { modelsURL, upstreamHeaders } from '../upstream/http.js';
import { pricePerToken, type ProviderRoute, type Router } from './router.js';

const LIST_TIMEOUT_MS = 15_000;
/** An upstream's list is read whole here (it is re-shaped); a larger one is skipped. */
const MAX_LIST_BYTES = 4 * 1024 * 1024;

type Entry = ModelList['data'][number] & { pricing?: { prompt: string; completion: string } };

/** USD per token as a plain decimal string ("0.00000027", never "2.7e-7"). */
export function perTokenText(usd: number): string {
  const text = usd.toFixed(12);
  let end = text.length;
  while (end > 0 && text[end - 1] === '0') end--;
  if (text[end - 1] === '.') end--;
  return text.slice(0, end);
}

async function upstreamIds(provider: ProviderRoute, fetch: typeof globalThis.fetch, now: number): Promise<string[]> {
  const res = await fetch(modelsURL(provider.target), {
    method: 'GET',
    headers: upstreamHeaders(provider.target, provider.keys.next(now), 'application/json', false),
    signal: AbortSignal.timeout(LIST_TIMEOUT_MS),
  });
  const text = await res.text();
  if (!res.ok || text.length > MAX_LIST_BYTES) return [];
  const list = JSON.parse(text) as { data?: Array<{ id?: unknown }> };
  return (list.data ?? []).map((model) => model.id).filter((id): id is string => typeof id === 'string');
}

export async function mergedModels(router: Router, fetch: typeof globalThis.fetch, now: number): Promise<ModelList> {
  const lists = await Promise.all(
    router.providers.map((provider) =>
      provider.models ? [...provider.models] : upstreamIds(provider, fetch, now).catch(() => [] as string[]),
    ),
  );
  const data: Entry[] = [];
  router.providers.forEach((provider, i) => {
    for (const id of lists[i]!) {
      const entry: Entry = { id, object: 'model', created: 0, owned_by: provider.name };
      const price = pricePerToken(provider, id);
      if (price) entry.pricing = { prompt: perTokenText(price.prompt), completion: perTokenText(price.completion) };
      data.push(entry);
    }
  });
  return { object: 'list', data };
}
