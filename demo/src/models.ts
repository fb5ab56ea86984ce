// How the page itself talks to the relay (the element does the chatting): the model list for the picker
// (GET /v1/models) and the one small title request per chat, both with the access code as Bearer.
import type { ModelList } from '../../src/shared/openai.js';
import { pricesFrom } from '../../src/widget/usage/pricing.js';
import type { ModelPrice } from '../../src/widget/usage/usage.js';

export type ModelsResult =
  /** `prices`: what the list says each model costs (OpenRouter's `pricing`), for the usage totals. */
  | { ok: true; models: string[]; prices: Map<string, ModelPrice>; list: ModelList }
  /** 'auth': the relay wants an access code (or another one); 'unavailable': anything else. */
  | { ok: false; reason: 'auth' | 'unavailable' };

/** Model ids in the relay's order (its first is its default). */
export async function fetchModels(url: string, accessCode: string, signal?: AbortSignal): Promise<ModelsResult> {
  try {
    const res = await fetch(url, {
      headers: accessCode ? { Authorization: `Bearer ${accessCode}` } : {},
      signal: signal ?? AbortSignal.timeout(15_000),
      // A redirect could lead the access code to another origin: a relay answers here or not at all.
      redirect: 'error',
    });
    if (res.status === 401 || res.status === 403) return { ok: false, reason: 'auth' };
    if (!res.ok) return { ok: false, reason: 'unavailable' };
    const body = (await res.json()) as Partial<ModelList>;
    if (!Array.isArray(body.data)) return { ok: false, reason: 'unavailable' };
    const ids = body.data.map((m) => m?.id).filter((id): id is string => typeof id === 'string' && id.length > 0);
    return { ok: true, models: [...new Set(ids)], prices: pricesFrom(body), list: body as ModelList };
  } catch {
    return { ok: false, reason: 'unavailable' };
  }
}

/**
 * Asks for a chat title: one non-streaming POST to the relay's chat endpoint. The answer's text, or '' on any
 * failure (network, non-OK status, a body that is not a chat completion): the caller keeps the first-words title.
 */
export async function fetchTitle(url: string, accessCode: string, body: object, signal?: AbortSignal): Promise<string> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(accessCode ? { Authorization: `Bearer ${accessCode}` } : {}),
      },
      body: JSON.stringify(body),
      signal: signal ?? AbortSignal.timeout(20_000),
      redirect: 'error',
    });
    if (!res.ok) return '';
    const data = (await res.json()) as { choices?: Array<{ message?: { content?: unknown } }> };
    const content = data?.choices?.[0]?.message?.content;
    return typeof content === 'string' ? content : '';
  } catch {
    return '';
  }
}
