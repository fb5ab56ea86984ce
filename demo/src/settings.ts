// Settings: defaults, validation of what was stored, and where the relay is.
//
// Where the relay is: the "Relay address" setting (the user's own choice), else the page's own origin (the relay
// serves the page at `/`). `?relay=URL` in the page address and `relay` in config.json are only offered: the page
// uses them once the user confirms them (relay-trust.ts, relay-confirm-dialog.ts).
import { isValidRelay, normalizeRelay } from './relay-address.js';
import { relayOrigin } from './relay-trust.js';
import type { Lang, SendKey, Settings, Theme } from './types.js';

export { isValidRelay, normalizeRelay };

export function defaultLang(languages: readonly string[] = globalThis.navigator?.languages ?? []): Lang {
  return languages.some((l) => /^zh\b/i.test(l)) ? 'zh-CN' : 'en';
}

export function defaultSettings(): Settings {
  return {
    accessCodes: {},
    theme: 'auto',
    lang: defaultLang(),
    sendKey: 'enter',
    relay: '',
    unconfirmedRelay: '',
    declinedConfigRelay: '',
    defaultModel: '',
    modelTitles: true,
    showUsage: true,
  };
}

const pick = <T extends string>(v: unknown, allowed: readonly T[], fallback: T): T =>
  allowed.includes(v as T) ? (v as T) : fallback;

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const relayText = (v: unknown) => (typeof v === 'string' && isValidRelay(v) ? normalizeRelay(v) : '');

function codes(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof v !== 'object' || v === null) return out;
  for (const [origin, code] of Object.entries(v)) if (typeof code === 'string' && code) out[origin] = code;
  return out;
}

/**
 * Whatever was stored, returns complete valid settings. Settings of an older version (one `accessCode`, a
 * `relay` that a link could have set without asking) become: the code kept for the origin it was used with, and
 * the relay an unconfirmed candidate.
 */
export function normalizeSettings(raw: unknown, pageOrigin = globalThis.location?.origin ?? ''): Settings {
  const d = defaultSettings();
  if (typeof raw !== 'object' || raw === null) return d;
  const r = raw as Record<string, unknown>;
  const old = !('accessCodes' in r);
  const oldRelay = old ? relayText(r.relay) : '';
  const accessCodes = old ? {} : codes(r.accessCodes);
  if (old && text(r.accessCode)) accessCodes[relayOrigin(oldRelay, pageOrigin)] = text(r.accessCode);
  return {
    accessCodes,
    theme: pick<Theme>(r.theme, ['light', 'dark', 'auto'], d.theme),
    lang: pick<Lang>(r.lang, ['zh-CN', 'en'], d.lang),
    sendKey: pick<SendKey>(r.sendKey, ['enter', 'ctrl-enter'], d.sendKey),
    relay: old ? '' : relayText(r.relay),
    unconfirmedRelay: old ? oldRelay : relayText(r.unconfirmedRelay),
    declinedConfigRelay: relayText(r.declinedConfigRelay),
    defaultModel: text(r.defaultModel),
    modelTitles: typeof r.modelTitles === 'boolean' ? r.modelTitles : d.modelTitles,
    showUsage: typeof r.showUsage === 'boolean' ? r.showUsage : d.showUsage,
  };
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
