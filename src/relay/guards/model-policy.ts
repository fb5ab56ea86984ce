// Model policy: which models clients may use, the default when they name none, and a cap on output tokens.
// Mutates the parsed request in place (it is re-serialized for the upstream anyway).
import type { ChatCompletionRequest } from '../../shared/openai.js';
import { DEMO_MODEL } from '../../shared/openai.js';
import { openaiError } from '../errors.js';

export interface ModelPolicy {
  /** Allowlist; first entry is the default. Empty → any model. */
  models: readonly string[];
  /** Output token cap; undefined → none. */
  maxTokens?: number;
  /** Which field to add when the request sets no limit (depends on the provider). */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Demo mode: only the built-in demo model exists. */
  demo: boolean;
}

/** Applies the policy; returns a 400 Response when the request must not go on, else null. */
export function applyModelPolicy(body: ChatCompletionRequest, policy: ModelPolicy): Response | null {
  if (body.model !== undefined && body.model !== null && typeof body.model !== 'string') {
    return openaiError(400, '"model" must be a string.', 'invalid_request_error', 'invalid_model');
  }
  if (!body.model) {
    if (policy.demo) body.model = DEMO_MODEL;
    else if (policy.models.length > 0) body.model = policy.models[0];
  }
  if (policy.demo) {
    if (body.model !== DEMO_MODEL) {
      return openaiError(
        400,
        `No API key is configured on the relay; only the "${DEMO_MODEL}" model is available.`,
        'invalid_request_error',
        'model_not_allowed',
      );
    }
    return null;
  }
  if (policy.models.length > 0 && !policy.models.includes(body.model as string)) {
    return openaiError(
      400,
      `Model "${String(body.model).slice(0, 100)}" is not allowed. Allowed: ${policy.models.join(', ')}.`,
      'invalid_request_error',
      'model_not_allowed',
    );
  }
  const cap = policy.maxTokens;
  if (cap !== undefined && cap > 0) {
    let present = false;
    for (const field of ['max_tokens', 'max_completion_tokens'] as const) {
      const v = body[field];
      if (v === undefined || v === null) continue;
      present = true;
      if (typeof v === 'number' && v > cap) body[field] = cap;
    }
    if (!present) body[policy.maxTokensField] = cap;
  }
  return null;
}
