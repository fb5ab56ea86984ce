// The security headers on every asset the relay serves (page, widget, chunks): a strict Content-Security-Policy
// and no MIME sniffing or referrer. The page talks to its own relay; `pageRelays` are the other relays it may use.
const FIXED: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** `https://relay.example/base` → `https://relay.example`; anything but an http(s) URL is a configuration error. */
function connectOrigin(address: string): string {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    throw new TypeError(`pageRelays: not a URL: ${JSON.stringify(address)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`pageRelays: not an http(s) address: ${JSON.stringify(address)}`);
  }
  return url.origin;
}

/** The Content-Security-Policy of the page and widget assets. */
export function contentSecurityPolicy(pageRelays: readonly string[] = []): string {
  const connect = ["'self'", ...new Set(pageRelays.map(connectOrigin))].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Lit styles are adopted stylesheets and the page's CSS is a file: no inline styles are needed.
    "style-src 'self'",
    `connect-src ${connect}`,
    // Images in replies may come from anywhere on https (they load on click); data:/blob: for icons and exports.
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Returns a function that puts the headers on an asset response (a copy: the original may be immutable). */
export function assetHeaders(pageRelays?: readonly string[]): (response: Response) => Response {
  const headers = { ...FIXED, 'content-security-policy': contentSecurityPolicy(pageRelays) };
  return (response) => {
    const out = new Response(response.body, response);
    for (const [name, value] of Object.entries(headers)) out.headers.set(name, value);
    return out;
  };
}
