// GET /v1/models with several providers: every provider's list (its configured `models`, else the upstream's own
// list), each entry owned_by the provider's name and, where prices are configured, `pricing` in USD per token as
// strings (as OpenRouter lists them). A provider that cannot list its models (unreachable, an error status, a body
// that is not a list, too slow) keeps the models its prices name, and the failure is reported for the request log.
import type { ModelList } from '../../shared/openai.js';
import { describeFetchError, modelsURL, upstreamHeaders } from '../upstream/http.js';
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

export interface MergedModels {
  list: ModelList;
  /** One `provider: reason` per provider whose list failed; no key, no upstream body. */
  failures: string[];
}

export interface MergeOptions {
  timeoutMs?: number;
  /** The client's request: gone, the lists are not waited for. */
  signal?: AbortSignal;
}

/** The ids the upstream lists, or why it could not (a fixed text or an error code, never the body). */
async function upstreamIds(
  provider: ProviderRoute,
  fetch: typeof globalThis.fetch,
  now: number,
  signal: AbortSignal,
): Promise<string[] | string> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(modelsURL(provider.target), {
      method: 'GET',
      headers: upstreamHeaders(provider.target, provider.keys.next(now), 'application/json', false),
      signal,
    });
    text = await res.text();
  } catch (error) {
    return (error as { name?: string }).name === 'TimeoutError' ? 'timeout' : describeFetchError(error);
  }
  if (!res.ok) return `status ${res.status}`;
  if (text.length > MAX_LIST_BYTES) return 'list too large';
  let list: { data?: unknown };
  try {
    list = JSON.parse(text) as { data?: unknown };
  } catch {
    return 'not JSON';
  }
  if (!list || !Array.isArray(list.data)) return 'not a model list';
  return list.data
    .map((model) => (model as { id?: unknown } | null)?.id)
    .filter((id): id is string => typeof id === 'string');
}

export async function mergedModels(
  router: Router,
  fetch: typeof globalThis.fetch,
  now: number,
  options: MergeOptions = {},
): Promise<MergedModels> {
  const signals = [AbortSignal.timeout(options.timeoutMs ?? LIST_TIMEOUT_MS)];
  if (options.signal) signals.push(options.signal);
  const signal = AbortSignal.any(signals);
  const failures: string[] = [];
  const lists = await Promise.all(
    router.providers.map(async (provider) => {
      if (provider.models) return [...provider.models];
      const ids = await upstreamIds(provider, fetch, now, signal);
      if (typeof ids !== 'string') return ids;
      failures.push(`${provider.name}: ${ids}`);
      return Object.keys(provider.prices);
    }),
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
  return { list: { object: 'list', data }, failures };
}
