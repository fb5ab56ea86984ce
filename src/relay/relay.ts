// createRelay(options) → an h3 app whose `fetch(request)` is a web-standard handler. Nothing here imports a
// Node API: the upstream fetch, the static assets, the log sink and the client IP are injected by the runtime
// adapter (src/relay/runtimes/), so the same app runs on Workers, Deno and Bun.
import { H3, type H3Event } from 'h3';
import type { RelayOptions } from './settings/options.js';
import { resolveConfig } from './settings/config.js';
import { createAccessCheck } from './guards/auth.js';
import { createCorsPolicy, originForbidden, preflightResponse, withCors, ALLOWED_METHODS } from './guards/cors.js';
import { createRateLimit } from './guards/rate-limit.js';
import { createAuthLockout } from './guards/auth-lockout.js';
import { createHostCheck, firstForwardedHost } from './guards/host.js';
import { createKeyPool } from './upstream/keys.js';
import { createClientIp } from './guards/client-ip.js';
import { recordBody, RequestRecorder } from './log/recorder.js';
import { isClientBodyResponse } from './exchange/client-body.js';
import { methodNotAllowed, openaiError, JSON_CONTENT_TYPE } from './errors.js';
import type { RelayContext } from './routes/context.js';
import { chatCompletionsHandler } from './routes/chat.js';
import { modelsHandler } from './routes/models.js';
import { assetsHandler } from './routes/assets.js';
import { syncHandler, syncSettings } from './routes/sync.js';
import { budgetFor } from './routing/budget-for.js';
import { usageHandler } from './routes/usage.js';

export type RelayApp = H3;

const monotonic = () => performance.now();

/** Wraps a handler so an unexpected throw still becomes an OpenAI-shaped 500 (never an HTML page or a hang). */
function safe(handler: (event: H3Event) => Promise<Response> | Response) {
  return async (event: H3Event): Promise<Response> => {
    try {
      return await handler(event);
    } catch {
      return openaiError(500, 'Internal relay error.', 'server_error', 'internal_error');
    }
  };
}

/**
 * Builds the relay. Throws a TypeError for a configuration it cannot serve (bad upstream URL, azure without URL).
 * Routes: POST /v1/chat/completions, GET /v1/models, GET /health, OPTIONS (preflight), GET anything else → assets.
 */
export function createRelay(options: RelayOptions = {}): RelayApp {
  const config = resolveConfig(options);
  const ctx: RelayContext = {
    config,
    access: createAccessCheck(config.accessTokens),
    lockout: createAuthLockout(config.store, config.now),
    rateLimit: createRateLimit({
      perMinute: config.rateLimit,
      perDay: config.dailyQuota,
      store: config.store,
      now: config.now,
    }),
    keys: createKeyPool(config.apiKeys),
    budget: budgetFor(options.tokens, config),
    assets: options.assets,
    pageRelays: options.pageRelays,
    sync: syncSettings(options),
  };
  const cors = createCorsPolicy(options.allowOrigins);
  const clientIp = createClientIp(options);
  const hostCheck = createHostCheck(options.allowedHosts);
  const ownHost = (request: Request) =>
    (config.trustProxy ? firstForwardedHost(request.headers.get('x-forwarded-host')) : null) ||
    request.headers.get('host');

  const app = new H3({
    silent: true,
    onError: (error) =>
      openaiError(
        error.status >= 400 && error.status < 600 ? error.status : 500,
        error.status < 500 ? error.message : 'Internal relay error.',
      ),
  });

  // One middleware for what every request shares: the log record, CORS, and OPTIONS preflight.
  app.use(async (event, next) => {
    const request = event.req as Request;
    const method = request.method;
    const recorder = new RequestRecorder(options.log, monotonic, clientIp(request), method, event.url.pathname);
    event.context.recorder = recorder;
    const origin = request.headers.get('origin');
    const allowed = origin === null || cors.allows(origin, ownHost(request));
    let response: Response;
    const wrongHost = hostCheck?.(request);
    if (wrongHost) {
      response = wrongHost;
    } else if (method === 'OPTIONS') {
      response = origin
        ? preflightResponse(request, allowed)
        : new Response(null, { status: 204, headers: { allow: ALLOWED_METHODS } });
    } else if (!allowed && method !== 'GET' && method !== 'HEAD') {
      // A cross-site "simple" POST would still run even though the browser hides the answer: refuse it here.
      response = originForbidden();
    } else {
      const result = await next();
      response =
        result instanceof Response
          ? result
          : openaiError(500, 'Internal relay error.', 'server_error', 'internal_error');
    }
    if (origin && method !== 'OPTIONS') response = withCors(response, allowed ? origin : null);
    // An exchange's response reports to the recorder as it is written, or was recorded whole already.
    return recorder.finished || isClientBodyResponse(response) ? response : recordBody(response, recorder);
  });

  app.post('/v1/chat/completions', safe(chatCompletionsHandler(ctx)));
  app.all('/v1/chat/completions', () => methodNotAllowed(['POST', 'OPTIONS']));
  app.get('/v1/models', safe(modelsHandler(ctx)));
  app.all('/v1/models', () => methodNotAllowed(['GET', 'OPTIONS']));
  app.get('/v1/usage', safe(usageHandler(ctx)));
  app.all('/v1/usage', () => methodNotAllowed(['GET', 'OPTIONS']));
  // GET and HEAD (uptime monitors); never touches the upstream.
  app.all('/health', (event) =>
    event.req.method === 'GET' || event.req.method === 'HEAD'
      ? new Response(JSON.stringify({ status: 'ok', demo: config.demo }), {
          headers: { 'content-type': JSON_CONTENT_TYPE, 'cache-control': 'no-store' },
        })
      : methodNotAllowed(['GET', 'HEAD']),
  );
  const sync = safe(syncHandler(ctx));
  app.all('/v1/sync', sync);
  app.all('/v1/sync/**', sync);
  const assets = safe(assetsHandler(ctx));
  app.all('/', assets);
  app.all('/**', assets);
  return app;
}
