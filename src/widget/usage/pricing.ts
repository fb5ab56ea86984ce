// Model prices from the relay's `/v1/models` (the chat endpoint's sibling), fetched once per URL and only when
// a reply with usage is shown. Lists without prices (most providers) or no list at all just mean no cost.
import type { ModelPrice } from './usage.js';

/** Enough for OpenRouter's whole list (a few hundred KB); anything bigger is not read. */
const LIST_MAX_BYTES = 4 * 1024 * 1024;

const loaded = new Map<string, Promise<Map<string, ModelPrice>>>();

/** `…/v1/chat/completions?x` → `…/v1/models?x`; null when the endpoint is not a chat-completions URL. */
export function modelsUrlFor(endpoint: string, base = globalThis.location?.href): string | null {
  let url: URL;
  try {
    url = new URL(endpoint, base);
  } catch {
    return null;
  }
  if (!url.pathname.endsWith('/chat/completions')) return null;
  url.pathname = url.pathname.slice(0, -'/chat/completions'.length) + '/models';
  return url.href;
}

/** Prices by model id in an OpenAI-shaped model list; models without valid prices are left out. */
export function pricesFrom(list: unknown): Map<string, ModelPrice> {
  const prices = new Map<string, ModelPrice>();
  const data = (list as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return prices;
  for (const model of data) {
    const id = (model as { id?: unknown })?.id;
    const pricing = (model as { pricing?: Record<string, unknown> })?.pricing;
    if (typeof id !== 'string' || !pricing || typeof pricing !== 'object') continue;
    const prompt = perToken(pricing.prompt);
    const completion = perToken(pricing.completion);
    if (prompt !== null && completion !== null) prices.set(id, { prompt, completion });
  }
  return prices;
}

// OpenRouter writes "-1" for routers whose price depends on the model picked: unknown, not negative.
function perToken(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.length < 32 ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** The prices the relay behind `endpoint` lists (empty on any failure); one request per models URL. */
export function loadPrices(endpoint: string, accessToken?: string): Promise<Map<string, ModelPrice>> {
  const url = modelsUrlFor(endpoint);
  if (!url) return Promise.resolve(new Map());
  let pending = loaded.get(url);
  if (!pending) {
    pending = fetchPrices(url, accessToken).then((prices) => {
      // A failure (no access code yet, relay down) is not remembered: a later element or page view asks again.
      if (prices.size === 0) loaded.delete(url);
      return prices;
    });
    loaded.set(url, pending);
  }
  return pending;
}

async function fetchPrices(url: string, accessToken?: string): Promise<Map<string, ModelPrice>> {
  try {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    const res = await fetch(url, { headers, redirect: 'error' });
    if (!res.ok) return new Map();
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > LIST_MAX_BYTES) return new Map();
    const text = await res.text();
    return text.length > LIST_MAX_BYTES ? new Map() : pricesFrom(JSON.parse(text));
  } catch {
    return new Map();
  }
}
