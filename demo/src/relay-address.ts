// Relay addresses as people type or paste them, reduced to one base URL; and which of them the page accepts.

/**
 * A relay address as people paste it — `https://x.example`, `https://x.example/`, `.../v1` or
 * `.../v1/chat/completions` — reduced to the base URL. '' stays '' (same origin).
 */
export function normalizeRelay(input: string): string {
  let s = input.trim();
  if (!s) return '';
  s = s.replace(/\/+$/, '');
  s = s.replace(/\/v1(\/chat\/completions|\/models)?$/, '');
  return s.replace(/\/+$/, '');
}

/** True for an address the page may use: http(s) URL, or '' for same origin. */
export function isValidRelay(input: string): boolean {
  const s = normalizeRelay(input);
  if (!s) return true;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
