// The upstream tries of one chat request: its model, then its fallbacks in order, each resolved to a provider
// (with routing) or to the one configured upstream, each with its own payload (the model name it forwards).
import type { ChatCompletionRequest } from '../../shared/openai.js';
import { openaiError } from '../errors.js';
import type { RelayConfig } from '../settings/config.js';
import type { UpstreamTarget } from '../settings/providers.js';
import type { KeyPool } from '../upstream/keys.js';
import type { ProviderRoute, Router } from './router.js';

export interface UpstreamTry {
  /** The model as the client named it (or the fallback list does): the x-gpt-chat-model header. */
  model: string;
  /** Provider name for logs ("" with one configured upstream). */
  provider: string;
  route: ProviderRoute | null;
  target: UpstreamTarget;
  keys: KeyPool;
  payload: string;
}

/** The most fallbacks tried for one request (a long list would hold a client for minutes). */
export const MAX_TRIES = 4;

/** The tries for `body` (already policy-checked, so `model` is a string), or a 400 for a model nobody serves. */
export function planTries(
  body: ChatCompletionRequest,
  config: RelayConfig,
  router: Router | null,
  keys: KeyPool,
): UpstreamTry[] | Response {
  const first = String(body.model ?? '');
  const models = [first, ...(config.fallbacks[first] ?? [])].slice(0, MAX_TRIES);
  const tries: UpstreamTry[] = [];
  for (const model of models) {
    if (!router) {
      tries.push({
        model,
        provider: '',
        route: null,
        target: config.target,
        keys,
        payload: payloadFor(body, model, config.target),
      });
      continue;
    }
    const route = router.route(model);
    if (!route) {
      if (tries.length > 0) continue; // a fallback nobody serves is skipped; the first model must exist
      return openaiError(
        400,
        `Model "${model.slice(0, 100)}" is not served by this relay. ${router.describe()}`,
        'invalid_request_error',
        'model_not_found',
      );
    }
    const { provider } = route;
    tries.push({
      model,
      provider: provider.name,
      route: provider,
      target: provider.target,
      keys: provider.keys,
      payload: payloadFor(body, route.model, provider.target),
    });
  }
  return tries;
}

/**
 * The body one try forwards: its model name, and the output cap under the name its provider reads — providers that
 * know only `max_tokens` (DeepSeek, Qwen, …) get `max_completion_tokens` renamed (the relay's own clamp adds the
 * first provider's name, and a client may send either).
 */
function payloadFor(body: ChatCompletionRequest, model: string, target: UpstreamTarget): string {
  const renames =
    target.maxTokensField === 'max_tokens' && body.max_completion_tokens != null && body.max_tokens == null;
  if (body.model === model && !renames) return JSON.stringify(body);
  const payload: ChatCompletionRequest = { ...body, model };
  if (renames) {
    payload.max_tokens = body.max_completion_tokens;
    delete payload.max_completion_tokens;
  }
  return JSON.stringify(payload);
}
