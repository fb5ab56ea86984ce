// POST /v1/chat/completions: guards in order (admit.ts: token lockout, token, rate limit; then content type/size/shape,
// request parameters, image parts, model policy), then the demo model or the upstream exchange.
import type { H3Event } from 'h3';
import { readChatBody } from '../guards/body.js';
import { applyModelPolicy } from '../guards/model-policy.js';
import { checkParams } from '../guards/params.js';
import { checkImageParts } from '../guards/image-parts.js';
import { admit } from './admit.js';
import { demoResponse } from './demo.js';
import { relayChat } from '../exchange/exchange.js';
import { ShutdownGroup } from '../exchange/shutdown-group.js';
import { recorderOf, type RelayContext } from './context.js';
import { planTries } from '../routing/tries.js';
import { routedExchange } from '../routing/exchange-options.js';
import { estimateTokens, type Ticket } from '../guards/budget.js';

export function chatCompletionsHandler(ctx: RelayContext) {
  const { config } = ctx;
  const policy = {
    models: config.models,
    maxTokens: config.maxTokens,
    maxTokensField: config.target.maxTokensField,
    demo: config.demo,
  };
  const params = { allowed: config.allowedParams, maxN: config.maxN };
  const shutdown = new ShutdownGroup(config.shutdownSignal);
  // Several providers or fallbacks: each request plans its tries (routing/); else the one upstream, as ever.
  const routed = config.router !== null || Object.keys(config.fallbacks).length > 0;
  return async (event: H3Event): Promise<Response> => {
    const request = event.req as Request;
    const recorder = recorderOf(event);
    // Both are synchronous for a small body and no store to ask: awaited only when they return a promise.
    const admitted = admit(ctx, request, recorder);
    const refused = admitted instanceof Promise ? await admitted : admitted;
    if (refused) return refused;
    const read = readChatBody(request, config.bodyLimit, config.bodyTimeoutMs);
    const parsed = read instanceof Promise ? await read : read;
    if (!parsed.ok) return parsed.response;
    const body = parsed.body;
    const rejected = checkParams(body, params) ?? checkImageParts(body) ?? applyModelPolicy(body, policy);
    recorder.model = typeof body.model === 'string' ? body.model.slice(0, 100) : null;
    if (rejected) return rejected;
    // Named tokens only: expiry, allowed models, and the budget reserved until the request is done.
    let ticket: Ticket | null = null;
    const named = ctx.budget?.identify(request);
    if (named) {
      const model = String(body.model ?? '');
      const size = Number(request.headers.get('content-length')) || JSON.stringify(body).length;
      ticket = { token: named, model: () => model };
      const over = await ctx.budget!.admit(named, model, estimateTokens(size), recorder, ticket, (work) =>
        event.waitUntil(work),
      );
      if (over) return over;
    }

    if (config.demo)
      return demoResponse(body, {
        delayMs: config.demoDelayMs,
        onUsage: (u) =>
          (recorder.usage = {
            prompt_tokens: u.prompt_tokens,
            completion_tokens: u.completion_tokens,
            total_tokens: u.total_tokens,
          }),
      });

    const stream = body.stream === true;
    if (stream) {
      // Ask for the final usage chunk so the log can record tokens (clients that did not ask simply skip it).
      const current = body.stream_options;
      body.stream_options = { ...(current && typeof current === 'object' ? current : {}), include_usage: true };
    }
    let upstream: Pick<Parameters<typeof relayChat>[0], 'target' | 'keys' | 'payload'> = {
      target: config.target,
      keys: ctx.keys,
      payload: '',
    };
    if (routed) {
      const tries = planTries(body, config, config.router, ctx.keys);
      if (tries instanceof Response) return tries;
      const routedOptions = routedExchange(tries, config, recorder);
      if (ticket) ticket.model = () => routedOptions.connector.current().model;
      upstream = routedOptions;
    } else upstream.payload = JSON.stringify(body);
    return relayChat({
      request,
      ...upstream,
      redactor: config.redactor,
      fetch: config.fetch,
      stream,
      heartbeatMs: config.heartbeatMs,
      timeoutMs: config.timeoutMs,
      sendTimeoutMs: config.sendTimeoutMs,
      shutdown,
      recorder,
      now: config.now,
    });
  };
}
