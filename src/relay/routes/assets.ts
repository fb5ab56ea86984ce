// Everything that is not an API route: the widget build and the page, from the injected `assets` function, each
// with the security headers (CSP, nosniff, no referrer) whatever runtime produced it.
import type { H3Event } from 'h3';
import { methodNotAllowed, notFound, openaiError } from '../errors.js';
import { assetHeaders } from './asset-headers.js';
import type { RelayContext } from './context.js';

export function assetsHandler(ctx: RelayContext) {
  const secure = assetHeaders(ctx.pageRelays);
  return async (event: H3Event): Promise<Response> => {
    const { pathname } = event.url;
    const method = event.req.method;
    if (pathname.startsWith('/v1/')) return notFound(pathname);
    if (method !== 'GET' && method !== 'HEAD') {
      return pathname === '/' || pathname === '/gpt-chat.js' ? methodNotAllowed(['GET', 'HEAD']) : notFound(pathname);
    }
    if (!ctx.assets) return notFound(pathname);
    try {
      const res = await ctx.assets(pathname);
      return res ? secure(res) : notFound(pathname);
    } catch {
      return openaiError(500, 'Could not read the asset.', 'server_error', 'asset_error');
    }
  };
}
