// NO_PROXY matching, with the semantics curl and undici's EnvHttpProxyAgent share: a comma/space separated list
// of host names, domain suffixes (".example.com", "*.example.com" or "example.com" also match subdomains), IP
// addresses, each optionally with ":port"; "*" alone disables proxying for everything. Hand-written scans keep a
// long list linear.

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

function isDigits(value: string): boolean {
  if (value === '') return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/** "host", "host:port", "[::1]:port", "::1" → [host, port or 0]. */
function splitHostPort(entry: string): [string, number] {
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']');
    if (close > 1 && close === entry.length - 1) return [entry.slice(1, close), 0];
    if (close > 1 && entry[close + 1] === ':' && isDigits(entry.slice(close + 2))) {
      return [entry.slice(1, close), Number(entry.slice(close + 2))];
    }
  }
  const colon = entry.indexOf(':');
  if (colon !== entry.lastIndexOf(':')) return [entry, 0]; // bare IPv6
  const port = colon === -1 ? '' : entry.slice(colon + 1);
  return isDigits(port) ? [entry.slice(0, colon), Number(port)] : [entry, 0];
}

/** Separators between entries: commas and white space (as `/[\s,]+/` splits). */
function isSeparator(code: number): boolean {
  if (code === 0x2c || code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  return code > 0x7f && /\s/.test(String.fromCharCode(code));
}

function entryMatches(entry: string, host: string, port: number): boolean {
  if (entry === '*') return true;
  const [entryHost, entryPort] = splitHostPort(entry);
  if (entryPort && entryPort !== port) return false;
  const dots = entryHost.startsWith('*.') ? 2 : entryHost.startsWith('.') ? 1 : 0;
  const suffix = entryHost.slice(dots);
  return host === suffix || host.endsWith('.' + suffix);
}

export function matchesNoProxy(target: URL, noProxy: string): boolean {
  const hostname = target.hostname;
  const host = (hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname).toLowerCase();
  const port = Number(target.port) || DEFAULT_PORTS[target.protocol] || 0;
  const list = noProxy.toLowerCase();
  let start = 0;
  while (start < list.length) {
    while (start < list.length && isSeparator(list.charCodeAt(start))) start++;
    let end = start;
    while (end < list.length && !isSeparator(list.charCodeAt(end))) end++;
    if (end > start && entryMatches(list.slice(start, end), host, port)) return true;
    start = end;
  }
  return false;
}
