// Settings: defaults, validation of what was stored, and where the relay is.
//
// Where the relay is (first that applies):
//   1. the "Relay address" setting (saved in this browser; `?relay=URL` in the page address sets it once);
//   2. `relay` in an optional config.json next to index.html (for a static host serving the page);
//   3. the page's own origin (the relay serves the page at `/`).
import type { Lang, SendKey, Settings, Theme } from './types.js';

export function defaultLang(languages: readonly string[] = globalThis.navigator?.languages ?? []): Lang {
  return languages.some((l) => /^zh\b/i.test(l)) ? 'zh-CN' : 'en';
}

export function defaultSettings(): Settings {
  return { accessCode: '', theme: 'auto', lang: defaultLang(), sendKey: 'enter', relay: '', defaultModel: '' };
}

const pick = <T extends string>(v: unknown, allowed: readonly T[], fallback: T): T =>
  allowed.includes(v as T) ? (v as T) : fallback;

/** Whatever was stored, returns complete valid settings. */
export function normalizeSettings(raw: unknown): Settings {
  const d = defaultSettings();
  if (typeof raw !== 'object' || raw === null) return d;
  const r = raw as Record<string, unknown>;
  return {
    accessCode: typeof r.accessCode === 'string' ? r.accessCode : d.accessCode,
    theme: pick<Theme>(r.theme, ['light', 'dark', 'auto'], d.theme),
    lang: pick<Lang>(r.lang, ['zh-CN', 'en'], d.lang),
    sendKey: pick<SendKey>(r.sendKey, ['enter', 'ctrl-enter'], d.sendKey),
    relay: typeof r.relay === 'string' ? normalizeRelay(r.relay) : d.relay,
    defaultModel: typeof r.defaultModel === 'string' ? r.defaultModel : d.defaultModel,
  };
}

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

export interface Endpoints {
  chat: string;
  models: string;
}

/** The URLs the page talks to. `base` is '' for same origin (relative URLs). */
export function endpoints(base: string): Endpoints {
  const b = normalizeRelay(base);
  return { chat: `${b}/v1/chat/completions`, models: `${b}/v1/models` };
}

/** Reads `?relay=` from the page address. */
export function relayFromQuery(search: string): string | null {
  const v = new URLSearchParams(search).get('relay');
  return v !== null && isValidRelay(v) ? normalizeRelay(v) : null;
}

/** Loads config.json next to index.html; a missing or bad file means "no config". */
export async function loadConfig(url = './config.json'): Promise<{ relay?: string }> {
  try {
    const res = await fetch(url, { cache: 'no-store' });
    if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return {};
    const data = (await res.json()) as { relay?: unknown };
    return typeof data.relay === 'string' && isValidRelay(data.relay) ? { relay: normalizeRelay(data.relay) } : {};
  } catch {
    return {};
  }
}
