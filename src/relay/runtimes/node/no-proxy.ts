// NO_PROXY matching, with the semantics curl and undici's EnvHttpProxyAgent share: a comma/space separated list
// of host names, domain suffixes (".example.com", "*.example.com" or "example.com" also match subdomains), IP
// addresses, each optionally with ":port"; "*" alone disables proxying for everything. Entries are read in place
// by index (no regex, no substring per entry), so a long list costs one pass.

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };
const COLON = 0x3a;

/** Separators between entries: commas and white space (as `/[\s,]+/` splits). */
function isSeparator(code: number): boolean {
  if (code === 0x2c || code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  return code > 0x7f && /\s/.test(String.fromCharCode(code));
}

/** The number list[from, to) spells when it is all digits (at least one); -1 otherwise. */
function digitsAt(list: string, from: number, to: number): number {
  if (from >= to) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = list.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Whether `host` is list[from, to) or a subdomain of it. */
function hostMatches(host: string, list: string, from: number, to: number): boolean {
  const length = to - from;
  if (length > host.length) return false;
  const offset = host.length - length;
  for (let k = 0; k < length; k++) if (host.charCodeAt(offset + k) !== list.charCodeAt(from + k)) return false;
  return offset === 0 || host.charCodeAt(offset - 1) === 0x2e;
}

/** One entry list[from, to): "host", "host:port", "[::1]:port", "::1", with "*." or "." before a domain. */
function entryMatches(list: string, from: number, to: number, host: string, port: number): boolean {
  if (to - from === 1 && list.charCodeAt(from) === 0x2a) return true;
  let hostFrom = from;
  let hostTo = to;
  let entryPort = 0;
  let bracketed = false;
  if (list.charCodeAt(from) === 0x5b) {
    let close = from + 1;
    while (close < to && list.charCodeAt(close) !== 0x5d) close++;
    const portAfter = close + 1 < to && list.charCodeAt(close + 1) === COLON ? digitsAt(list, close + 2, to) : -1;
    if (close > from + 1 && close < to && (close === to - 1 || portAfter !== -1)) {
      [bracketed, hostFrom, hostTo, entryPort] = [true, from + 1, close, Math.max(portAfter, 0)];
    }
  }
  if (!bracketed) {
    let colon = -1;
    let colons = 0;
    for (let i = from; i < to; i++) if (list.charCodeAt(i) === COLON && colons++ === 0) colon = i;
    const portAfter = colons === 1 ? digitsAt(list, colon + 1, to) : -1; // more than one colon: a bare IPv6
    if (portAfter !== -1) [hostTo, entryPort] = [colon, portAfter];
  }
  if (entryPort && entryPort !== port) return false;
  if (list.charCodeAt(hostFrom) === 0x2a && list.charCodeAt(hostFrom + 1) === 0x2e) hostFrom += 2;
  else if (list.charCodeAt(hostFrom) === 0x2e) hostFrom += 1;
  return hostMatches(host, list, hostFrom, hostTo);
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
    if (end > start && entryMatches(list, start, end, host, port)) return true;
    start = end;
  }
  return false;
}
