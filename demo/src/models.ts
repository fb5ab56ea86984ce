// The model list for the picker: GET /v1/models on the relay, with the access code as Bearer.
import type { ModelList } from '../../src/shared/openai.js';

export type ModelsResult =
  | { ok: true; models: string[] }
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
    return { ok: true, models: [...new Set(ids)] };
  } catch {
    return { ok: false, reason: 'unavailable' };
  }
}
