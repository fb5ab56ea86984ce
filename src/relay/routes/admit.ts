// The guards every API route runs before it reads a body, in order: an adapter left without access tokens (503),
// the token lockout, the token itself (a wrong one is counted), then the rate limit and daily quota.
import { openaiError } from '../errors.js';
import type { RelayContext } from './context.js';
import type { RequestRecorder } from '../log/recorder.js';

const NOT_CONFIGURED =
  'This relay has no access token configured, so it does not serve requests. Set GPT_CHAT_TOKENS to a long random ' +
  'token (`npx gpt-chat token` prints one), or set GPT_CHAT_PUBLIC=1 to serve it to anyone on purpose.';

/** A Response that refuses the request, or null when it may go on. */
export async function admit(ctx: RelayContext, request: Request, recorder: RequestRecorder): Promise<Response | null> {
  const { ip } = recorder;
  if (ctx.config.accessUnconfigured) return openaiError(503, NOT_CONFIGURED, 'server_error', 'access_not_configured');
  if (ctx.access) {
    const locked = await ctx.lockout.locked(ip);
    if (locked) return locked;
    const denied = ctx.access(request);
    if (denied) {
      // Only a request that presented credentials is a guess; one without any is merely unauthenticated.
      if (request.headers.has('authorization')) await ctx.lockout.failed(ip);
      return denied;
    }
    // A named token past its `expires` is refused on every route (config file `tokens`); the log names it either way.
    const named = ctx.budget?.identify(request);
    if (named) {
      recorder.token = named.name;
      const expired = ctx.budget!.expired(named, ctx.config.now());
      if (expired) return expired;
    }
  }
  return ctx.rateLimit ? ctx.rateLimit(ip) : null;
}
