// Input checks for the sync routes, each a linear scan over a length-capped value (no regexes on outside input).

/** Record ids are the page's own names (`chat-<uuid>`, `persona-<uuid>`, `setting-theme`, `salt`). */
export const MAX_RECORD_ID_LENGTH = 128;
/** One record's request body: a long chat with its versions fits; attachments are not synced. */
export const MAX_RECORD_BODY_BYTES = 8 * 1024 * 1024;
/** A listing page stops adding records past this many bytes of data (the page asks for the rest). */
export const LIST_PAGE_BYTES = 4 * 1024 * 1024;

const isIdChar = (code: number) =>
  (code >= 0x30 && code <= 0x39) || // 0-9
  (code >= 0x41 && code <= 0x5a) || // A-Z
  (code >= 0x61 && code <= 0x7a) || // a-z
  code === 0x2d || // -
  code === 0x5f || // _
  code === 0x2e; // .

/** A record id: 1–128 of [A-Za-z0-9._-], not starting with a dot (so it is a safe file name everywhere). */
export function isRecordId(id: string): boolean {
  if (id.length === 0 || id.length > MAX_RECORD_ID_LENGTH || id.charCodeAt(0) === 0x2e) return false;
  for (let i = 0; i < id.length; i++) if (!isIdChar(id.charCodeAt(i))) return false;
  return true;
}

/** Ciphertext text: base64url characters only (the page's encoding), so nothing else can be smuggled in. */
export function isCiphertext(data: string): boolean {
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    if (!(isIdChar(code) && code !== 0x2e)) return false;
  }
  return true;
}

/** `If-Match: "3"` (or 3, or W/"3") → 3; null when absent or not a whole number. "0" means "create". */
export function baseVersionOf(header: string | null): number | null {
  if (header === null || header.length > 24) return null;
  let text = header.trim();
  if (text.startsWith('W/')) text = text.slice(2);
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  return wholeNumber(text);
}

/** `?since=12` → 12; absent → 0; anything else → null. */
export function sinceOf(value: string | null): number | null {
  if (value === null || value === '') return 0;
  return value.length > 16 ? null : wholeNumber(value);
}

function wholeNumber(text: string): number | null {
  if (text.length === 0 || text.length > 16) return null;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return null;
  }
  return Number(text);
}
