// NO_PROXY matching, with the semantics curl and undici's EnvHttpProxyAgent share: a comma/space separated list
// of host names, domain suffixes (".example.com", "*.example.com" or "example.com" also match subdomains), IP
// addresses, each optionally with ":port"; "*" alone disables proxying for everything.

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** "host", "host:port", "[::1]:port", "::1" → [host, port or 0]. */
function splitHostPort(entry: string): [string, number] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1]!, Number(bracketed[2] ?? 0)];
  if (entry.indexOf(':') !== entry.lastIndexOf(':')) return [entry, 0]; // bare IPv6
  const withPort = /^(.*):(\d+)$/.exec(entry);
  return withPort ? [withPort[1]!, Number(withPort[2])] : [entry, 0];
}

export function matchesNoProxy(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = Number(target.port) || DEFAULT_PORTS[target.protocol] || 0;
  for (const raw of noProxy.split(/[\s,]+/)) {
    const trimmed = raw.trim().toLowerCase();
    if (!trimmed) continue;
    if (trimmed === '*') return true;
    const [entryHost, entryPort] = splitHostPort(trimmed);
    if (entryPort && entryPort !== port) continue;
    const suffix = entryHost.replace(/^\*?\./, '');
    if (host === suffix || host.endsWith('.' + suffix)) return true;
  }
  return false;
}
