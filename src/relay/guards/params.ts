// Request-parameter guard: only known chat-completion fields reach the upstream, and the fields that bound cost
// (max_tokens, max_completion_tokens, n) must be positive whole numbers, so no client can lift the relay's caps.
import type { ChatCompletionRequest } from '../../shared/openai.js';
import { paramError } from '../errors.js';

/** The ordinary OpenAI chat-completion fields: every OpenAI-compatible client sends some of these. */
export const STANDARD_PARAMS: readonly string[] = [
  'model',
  'messages',
  'stream',
  'stream_options',
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'n',
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'user',
  'seed',
  'response_format',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'functions',
  'function_call',
  'reasoning_effort',
];

/** Known fields refused unless the operator allows them: they raise cost or keep data at the provider. */
export const BLOCKED_PARAMS: readonly string[] = [
  'service_tier',
  'modalities',
  'audio',
  'web_search_options',
  'store',
  'prediction',
  'logprobs',
  'top_logprobs',
  'metadata',
];

export interface ParamPolicy {
  /** Fields that may be sent: STANDARD_PARAMS, the provider preset's own, and --allow-param. */
  allowed: ReadonlySet<string>;
  /** Largest `n` (choices per request) allowed. */
  maxN: number;
}

const TOKEN_FIELDS = ['max_tokens', 'max_completion_tokens'] as const;

const isPositiveInteger = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/** Checks the parsed request; returns a 400 naming the field, else null. `null` limits are dropped (= unset). */
export function checkParams(body: ChatCompletionRequest, policy: ParamPolicy): Response | null {
  for (const field of Object.keys(body)) {
    if (policy.allowed.has(field)) continue;
    const name = field.slice(0, 100);
    const how = `The operator can allow it with --allow-param ${name} (env GPT_CHAT_ALLOW_PARAMS).`;
    const message = `Parameter ${JSON.stringify(name)} is not allowed by this relay. ${how}`;
    return paramError(name, message, 'param_not_allowed');
  }
  for (const field of [...TOKEN_FIELDS, 'n'] as const) {
    if (body[field] === null) delete body[field];
  }
  for (const field of TOKEN_FIELDS) {
    if (body[field] !== undefined && !isPositiveInteger(body[field])) {
      return paramError(field, `"${field}" must be a positive whole number.`, 'invalid_max_tokens');
    }
  }
  if (body.n !== undefined) {
    if (!isPositiveInteger(body.n)) return paramError('n', '"n" must be a positive whole number.', 'invalid_n');
    if (body.n > policy.maxN) {
      const message = `"n" may be at most ${policy.maxN} on this relay (the operator sets --max-n).`;
      return paramError('n', message, 'n_not_allowed');
    }
  }
  return null;
}
