// The model list for the picker: GET /v1/models on the relay, with the access code as Bearer.
import type { ModelList } from '../../src/shared/openai.js';

/** Model ids in the relay's order (its first is its default); null when the relay could not be asked (offline, 401, not a relay). */
export async function fetchModels(url: string, accessCode: string, signal?: AbortSignal): Promise<string[] | null> {
  try {
    const res = await fetch(url, {
      headers: accessCode ? { Authorization: `Bearer ${accessCode}` } : {},
      signal: signal ?? AbortSignal.timeout(15_000),
    });
    if (!res.ok) return null;
    const body = (await res.json()) as Partial<ModelList>;
    if (!Array.isArray(body.data)) return null;
    const ids = body.data.map((m) => m?.id).filter((id): id is string => typeof id === 'string' && id.length > 0);
    return [...new Set(ids)];
  } catch {
    return null;
  }
}
