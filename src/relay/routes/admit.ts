// The guards every API route runs before it reads a body, in order: an adapter left without access tokens (503),
// the token lockout, the token itself (a wrong one is counted), then the rate limit and daily quota.
import { openaiError } from '../errors.js';
import type { RelayContext } from './context.js';

const NOT_CONFIGURED =
  'This relay has no access token configured, so it does not serve requests. Set GPT_CHAT_TOKENS to a long random ' +
  'token (`npx gpt-chat token` prints one), or set GPT_CHAT_PUBLIC=1 to serve it to anyone on purpose.';

/**
 * A Response that refuses the request, or null when it may go on. Synchronous when no store has to be asked (no
 * access tokens, no rate limit): a request then pays for no promise here.
 */
export function admit(ctx: RelayContext, request: Request, ip: string): Response | null | Promise<Response | null> {
  if (ctx.config.accessUnconfigured) return openaiError(503, NOT_CONFIGURED, 'server_error', 'access_not_configured');
  if (ctx.access) return admitToken(ctx, request, ip);
  return ctx.rateLimit ? ctx.rateLimit(ip) : null;
}

async function admitToken(ctx: RelayContext, request: Request, ip: string): Promise<Response | null> {
  const locked = await ctx.lockout.locked(ip);
  if (locked) return locked;
  const denied = ctx.access!(request);
  if (denied) {
    // Only a request that presented credentials is a guess; one without any is merely unauthenticated.
    if (request.headers.has('authorization')) await ctx.lockout.failed(ip);
    return denied;
  }
  // A named token past its `expires` is refused on every route (config file `tokens`).
  const named = ctx.budget?.identify(request);
  const expired = named ? ctx.budget!.expired(named, ctx.config.now()) : null;
  if (expired) return expired;
  return ctx.rateLimit ? ctx.rateLimit(ip) : null;
}
