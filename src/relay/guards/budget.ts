// Named access tokens (config file `tokens`): who is asking, whether their token has expired (401), may use this
// model (403), and is under its limits (429 budget_exceeded, saying which limit and when it resets). A request
// reserves before it is forwarded (one atomic store step, so parallel requests cannot overrun a budget) and settles
// with the usage the upstream reported (an estimate when none came) once it is done; the same step records usage.
import type { CounterStore, Tally, TokenConfig } from '../settings/options.js';
import type { ModelPrice } from '../settings/lists.js';
import type { RequestRecorder } from '../log/recorder.js';
import { openaiError } from '../errors.js';
import { bearerToken } from './auth.js';
import { dayOf, monthOf, usageKey, nextDay, nextMonth, DAY_TTL_MS, MONTH_TTL_MS } from './budget-periods.js';

export interface NamedToken extends TokenConfig {
  expiresAt: number | null;
}

/** A request's reservation, settled when its recorder finishes. */
export interface Ticket {
  token: NamedToken;
  /** The model whose price applies (routing sets the one that answered). */
  model: () => string;
}

export interface Budget {
  /** The named token of a request that passed the access check; null for an unnamed one. */
  identify(request: Request): NamedToken | null;
  /** 401 when expired, else null (for routes without a model). */
  expired(token: NamedToken, now: number): Response | null;
  /** Checks and reserves; a refusal Response, or null (the recorder settles the reservation when it finishes). */
  admit(
    token: NamedToken,
    model: string,
    estimate: number,
    recorder: RequestRecorder,
    ticket: Ticket,
    /** Keeps the settling write alive after the response ends (Workers' waitUntil); absent elsewhere. */
    waitUntil?: (work: Promise<unknown>) => void,
  ): Promise<Response | null>;
  readonly tokens: readonly NamedToken[];
}

export interface BudgetOptions {
  tokens: readonly TokenConfig[];
  store: Required<Pick<CounterStore, 'tally' | 'scan'>>;
  now: () => number;
  /** USD per token for a model, or null when no price is configured. */
  priceOf: (model: string) => ModelPrice | null;
}

const LIMIT_TEXT: Record<string, string> = {
  requests: 'requests per day',
  tokens: 'tokens per day',
  usd: 'USD per month',
};

function refused(token: NamedToken, over: string, limit: number, resetsAt: number): Response {
  const reset = new Date(resetsAt).toISOString().replace('.000Z', 'Z');
  return openaiError(
    429,
    `The access token "${token.name}" has used its ${limit} ${LIMIT_TEXT[over]}; it resets at ${reset}.`,
    'rate_limit_error',
    'budget_exceeded',
    { 'retry-after': String(Math.max(1, Math.ceil((resetsAt - Date.now()) / 1000))) },
  );
}

export function createBudget(options: BudgetOptions): Budget {
  const { store, now, priceOf } = options;
  const tokens: NamedToken[] = options.tokens.map((entry) => ({
    ...entry,
    expiresAt: entry.expires === undefined ? null : Date.parse(entry.expires),
  }));
  const byToken = new Map(tokens.map((entry) => [entry.token, entry]));

  const cost = (model: string, prompt: number, completion: number): number => {
    const price = priceOf(model);
    return price ? prompt * price.prompt + completion * price.completion : 0;
  };

  async function settle(
    ticket: Ticket,
    estimate: number,
    estimatedUsd: number,
    recorder: RequestRecorder,
  ): Promise<void> {
    const t = now();
    const { name } = ticket.token;
    const model = ticket.model();
    const usage = recorder.usage;
    const prompt = usage ? usage.prompt_tokens : estimate;
    // No usage reported: the reply's bytes over 8 (JSON or SSE framing around ~4 bytes a token).
    const completion = usage ? usage.completion_tokens : recorder.status < 400 ? Math.ceil(recorder.bytes / 8) : 0;
    const usd = cost(model, prompt, completion);
    const day = dayOf(t);
    const month = monthOf(t);
    await store.tally(`budget:${day}:${name}`, { tokens: prompt + completion - estimate }, null, t + DAY_TTL_MS, t);
    await store.tally(`budget:${month}:${name}`, { usd: usd - estimatedUsd }, null, t + MONTH_TTL_MS, t);
    const used: Tally = { requests: 1, prompt_tokens: prompt, completion_tokens: completion, cost_usd: usd };
    await store.tally(usageKey(day, name, model), used, null, t + DAY_TTL_MS, t);
    await store.tally(usageKey(month, name, model), used, null, t + MONTH_TTL_MS, t);
  }

  return {
    tokens,
    identify(request) {
      const given = bearerToken(request.headers.get('authorization'));
      return given === null ? null : (byToken.get(given) ?? null);
    },
    expired(token, t) {
      if (token.expiresAt === null || t < token.expiresAt) return null;
      return openaiError(
        401,
        `The access token "${token.name}" has expired.`,
        'authentication_error',
        'token_expired',
        {
          'www-authenticate': 'Bearer',
        },
      );
    },
    async admit(token, model, estimate, recorder, ticket, waitUntil) {
      const t = now();
      recorder.token = token.name;
      const gone = this.expired(token, t);
      if (gone) return gone;
      if (token.models && !token.models.includes(model)) {
        return openaiError(
          403,
          `The access token "${token.name}" may not use "${model.slice(0, 100)}"; it may use: ${token.models.join(', ')}.`,
          'permission_error',
          'model_not_allowed',
        );
      }
      const day = dayOf(t);
      const month = monthOf(t);
      const dayLimits: Tally = {};
      if (token.requestsPerDay) dayLimits.requests = token.requestsPerDay;
      if (token.tokensPerDay) dayLimits.tokens = token.tokensPerDay;
      const estimatedUsd = cost(model, estimate, 0);
      const dayKey = `budget:${day}:${token.name}`;
      const monthKey = `budget:${month}:${token.name}`;
      const today = await store.tally(dayKey, { requests: 1, tokens: estimate }, dayLimits, t + DAY_TTL_MS, t);
      if (!today.ok) return refused(token, today.over!, dayLimits[today.over!]!, nextDay(t));
      const monthLimits = token.usdPerMonth ? { usd: token.usdPerMonth } : null;
      const thisMonth = await store.tally(monthKey, { usd: estimatedUsd }, monthLimits, t + MONTH_TTL_MS, t);
      if (!thisMonth.ok) {
        await store.tally(dayKey, { requests: -1, tokens: -estimate }, null, t + DAY_TTL_MS, t);
        return refused(token, 'usd', token.usdPerMonth!, nextMonth(t));
      }
      recorder.onFinish = (done) => {
        const settled = settle(ticket, estimate, estimatedUsd, done).catch(() => {});
        waitUntil?.(settled);
      };
      return null;
    },
  };
}

/** A rough prompt size in tokens from the request body's length (about 4 bytes a token). */
export function estimateTokens(bodyLength: number): number {
  return Math.ceil(bodyLength / 4);
}
