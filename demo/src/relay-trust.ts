// Which relay the page may talk to, and with which access code. An address the user did not choose (a link's
// `?relay=`, config.json, a relay saved by an older version) is only a candidate until the user confirms it; access
// codes are kept per relay origin, so a code is never sent to an origin it was not entered for.
import { normalizeRelay } from './relay-address.js';

/** Where a candidate address came from (the dialog says so). */
export type RelaySource = 'link' | 'saved' | 'config';

export interface RelayCandidate {
  address: string;
  source: RelaySource;
}

/** The origin a relay base URL ('' = the page's own origin) sends to. */
export function relayOrigin(base: string, pageOrigin: string): string {
  const b = normalizeRelay(base);
  if (!b) return pageOrigin;
  try {
    return new URL(b).origin;
  } catch {
    return pageOrigin;
  }
}

/** The full address a relay base stands for ('' = the page's own origin). */
export function relayAddress(base: string, pageOrigin: string): string {
  return normalizeRelay(base) || pageOrigin;
}

export function sameRelay(a: string, b: string, pageOrigin: string): boolean {
  return relayAddress(a, pageOrigin) === relayAddress(b, pageOrigin);
}

/** The access code saved for the origin `base` sends to ('' when none). */
export function accessCodeFor(codes: Readonly<Record<string, string>>, base: string, pageOrigin: string): string {
  return codes[relayOrigin(base, pageOrigin)] ?? '';
}

/** `codes` with `code` for `base`'s origin (removed when empty). */
export function withAccessCode(
  codes: Readonly<Record<string, string>>,
  base: string,
  pageOrigin: string,
  code: string,
): Record<string, string> {
  const next = { ...codes };
  const origin = relayOrigin(base, pageOrigin);
  if (code) next[origin] = code;
  else delete next[origin];
  return next;
}

export interface CandidateInput {
  /** `?relay=` of the page address (normalized), or null. */
  link: string | null;
  /** A relay an older version saved without asking ('' when none). */
  saved: string;
  /** `relay` of config.json ('' when none). */
  config: string;
  /** A config address the user already declined: not asked again. */
  declinedConfig: string;
  /** The relay in use now (the user's own choice, '' = own origin). */
  current: string;
  pageOrigin: string;
}

/** Addresses to ask about, most explicit first; none that is already in use or was declined. */
export function relayCandidates(i: CandidateInput): RelayCandidate[] {
  const out: RelayCandidate[] = [];
  const add = (address: string | null, source: RelaySource) => {
    if (!address || sameRelay(address, i.current, i.pageOrigin)) return;
    if (out.some((c) => sameRelay(c.address, address, i.pageOrigin))) return;
    out.push({ address: relayAddress(address, i.pageOrigin), source });
  };
  add(i.link, 'link');
  add(i.saved, 'saved');
  if (!(i.declinedConfig && sameRelay(i.config, i.declinedConfig, i.pageOrigin))) add(i.config, 'config');
  return out;
}
