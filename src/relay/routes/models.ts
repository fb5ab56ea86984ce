// GET /v1/models (behind the same guards as chat, rate limit included): the allowlist when configured, the demo
// model in demo mode, else the upstream's own list.
import type { H3Event } from 'h3';
import type { ModelList } from '../../shared/openai.js';
import { DEMO_MODEL } from '../../shared/openai.js';
import { JSON_CONTENT_TYPE, openaiError } from '../errors.js';
import {
  clientStatusFor,
  describeFetchError,
  modelsURL,
  normalizeUpstreamError,
  passThroughErrorHeaders,
  readCapped,
  upstreamHeaders,
} from '../upstream/http.js';
import { recorderOf, type RelayContext } from './context.js';
import { admit } from './admit.js';
import type { Redactor } from '../exchange/redact.js';
import { mergedModels } from '../routing/models.js';

const MODELS_TIMEOUT_MS = 30_000;

export function modelList(ids: readonly string[], ownedBy: string): ModelList {
  return { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: ownedBy })) };
}

function json(value: unknown): Response {
  return new Response(JSON.stringify(value), {
    status: 200,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'cache-control': 'no-store' },
  });
}

function redactedBody(body: ReadableStream<Uint8Array> | null, redactor: Redactor): ReadableStream<Uint8Array> | null {
  if (!body || redactor.empty) return body;
  const redaction = redactor.stream();
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const out = redaction.push(chunk);
        if (out.byteLength > 0) controller.enqueue(out);
      },
      flush(controller) {
        const rest = redaction.end();
        if (rest.byteLength > 0) controller.enqueue(rest);
      },
    }),
  );
}

export function modelsHandler(ctx: RelayContext) {
  const { config } = ctx;
  return async (event: H3Event): Promise<Response> => {
    const request = event.req as Request;
    // Counted against the rate limit: listing the upstream's models spends the key's quota too.
    const refused = await admit(ctx, request, recorderOf(event));
    if (refused) return refused;
    if (config.demo) return json(modelList([DEMO_MODEL], 'gpt-chat'));
    if (config.router) {
      const merged = await mergedModels(config.router, config.fetch, config.now(), { signal: request.signal });
      if (merged.failures.length > 0) recorderOf(event).error = `models from ${merged.failures.join('; ')}`;
      return json(merged.list);
    }
    if (config.models.length > 0) return json(modelList(config.models, config.target.provider));

    const key = ctx.keys.next(config.now());
    const signals = [AbortSignal.timeout(MODELS_TIMEOUT_MS)];
    if (request.signal) signals.push(request.signal);
    let res: Response;
    try {
      res = await config.fetch(modelsURL(config.target), {
        method: 'GET',
        headers: upstreamHeaders(config.target, key, 'application/json', false),
        signal: AbortSignal.any(signals),
      });
    } catch (error) {
      const timedOut = (error as { name?: string }).name === 'TimeoutError';
      return timedOut
        ? openaiError(504, 'The upstream did not list its models in time.', undefined, 'upstream_timeout')
        : openaiError(
            502,
            `Could not reach the upstream (${describeFetchError(error)}).`,
            undefined,
            'upstream_unreachable',
          );
    }
    if (res.ok) {
      // Passed through as it streams (some providers' lists are megabytes), secrets redacted on the way.
      return new Response(redactedBody(res.body, config.redactor), {
        status: 200,
        headers: { 'content-type': JSON_CONTENT_TYPE, 'cache-control': 'no-store' },
      });
    }
    let text = '';
    try {
      text = await readCapped(res);
    } catch {
      // the status alone still says what happened
    }
    return new Response(normalizeUpstreamError(res.status, text, config.redactor), {
      status: clientStatusFor(res.status),
      headers: { ...passThroughErrorHeaders(res), 'content-type': JSON_CONTENT_TYPE },
    });
  };
}
