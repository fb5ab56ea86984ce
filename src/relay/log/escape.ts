// Escaping for the request log: no field value can end a line, fake another field or reorder what a terminal
// shows. A regex character class finds the first character to escape (native code, linear); from there one pass
// fills a code-unit buffer (a replace callback per match takes tens of milliseconds on 64 KB of controls).

/**
 * Characters no log line shows raw: C0, DEL, C1 (NEL U+0085, CSI U+009B), NBSP, soft hyphen, Arabic letter mark,
 * Unicode spaces, zero-width and direction marks, U+2028/U+2029, bidi embeddings, overrides and isolates,
 * invisible operators, BOM, interlinear annotations. Lone surrogates are handled by the scans.
 */
function isUnsafeCode(code: number): boolean {
  if (code < 0x20) return true;
  if (code < 0x7f) return false;
  return (
    code <= 0xa0 ||
    code === 0xad ||
    code === 0x61c ||
    code === 0x1680 ||
    code === 0x180e ||
    (code >= 0x2000 && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202f) ||
    (code >= 0x205f && code <= 0x206f) ||
    code === 0x3000 ||
    code === 0xfeff ||
    (code >= 0xfff9 && code <= 0xfffb)
  );
}

/** The same set as a regex class, plus lone surrogates: finding the first one runs in native code, even cold. */
const UNSAFE_CLASS =
  '\\u0000-\\u001f\\u007f-\\u00a0\\u00ad\\u061c\\u1680\\u180e\\u2000-\\u200f\\u2028-\\u202f\\u205f-\\u206f\\u3000\\ufeff\\ufff9-\\ufffb';
const LONE_SURROGATE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const FIRST_UNSAFE = new RegExp(`[${UNSAFE_CLASS}]|${LONE_SURROGATE}`);
const FIRST_TEXT_ESCAPE = new RegExp(`["\\\\${UNSAFE_CLASS}]|${LONE_SURROGATE}`);
const FIRST_QUOTE_REASON = new RegExp(`[ "\\\\=${UNSAFE_CLASS}]|${LONE_SURROGATE}`);

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** 0 for a safe code unit, 1 for one to escape, 2 for a valid surrogate pair starting at `i` (kept as is). */
function classify(value: string, i: number, code: number): 0 | 1 | 2 {
  if (isHigh(code)) return isLow(value.charCodeAt(i + 1)) ? 2 : 1;
  if (isLow(code)) return 1; // a low surrogate reached on its own (a pair's is skipped with its high half)
  return isUnsafeCode(code) ? 1 : 0;
}

const SHORT: Record<number, string> = { 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x22: '\\"', 0x5c: '\\\\' };
const HEX = '0123456789abcdef';

/** `\n`, `\x1b`: the escape a reader sees instead of a Latin-1 character (others become `\u2028`). */
const LATIN1 = Array.from({ length: 0x100 }, (_, code) => SHORT[code] ?? `\\x${HEX[code >> 4]}${HEX[code & 15]}`);

const kindOf = (value: string, i: number, code: number, text: boolean) =>
  text && (code === 0x22 || code === 0x5c) ? 1 : classify(value, i, code);

/** Length of the escape for `code`: from the table in the text style, else `\uXXXX`. */
const escapeLength = (code: number, text: boolean) => (text && code <= 0xff ? LATIN1[code]!.length : 6);

/** Code units → string, in slices small enough for String.fromCharCode's argument list. */
function fromCodes(codes: Uint16Array): string {
  let out = '';
  for (let i = 0; i < codes.length; i += 8192) {
    out += String.fromCharCode.apply(null, codes.subarray(i, i + 8192) as unknown as number[]);
  }
  return out;
}

/** Copies `value` with unsafe code units escaped (for `text`, also `"` and `\`, in the text log's style). */
function escaped(value: string, text: boolean): string {
  const first = value.search(text ? FIRST_TEXT_ESCAPE : FIRST_UNSAFE);
  if (first === -1) return value;
  let length = first;
  for (let i = first; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const kind = kindOf(value, i, code, text);
    if (kind === 1) length += escapeLength(code, text);
    else if (kind === 0) length++;
    else {
      length += 2;
      i++;
    }
  }
  const out = new Uint16Array(length);
  let n = 0;
  for (let i = 0; i < first; i++) out[n++] = value.charCodeAt(i);
  for (let i = first; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const kind = kindOf(value, i, code, text);
    if (kind === 0) out[n++] = code;
    else if (kind === 2) {
      out[n++] = code;
      out[n++] = value.charCodeAt(++i);
    } else if (text && code <= 0xff) {
      const escape = LATIN1[code]!;
      for (let k = 0; k < escape.length; k++) out[n++] = escape.charCodeAt(k);
    } else {
      out[n++] = 0x5c; // \u then four hex digits
      out[n++] = 0x75;
      for (let shift = 12; shift >= 0; shift -= 4) out[n++] = HEX.charCodeAt((code >> shift) & 15);
    }
  }
  return fromCodes(out);
}

/** Longer free-text fields are cut (createLogger redacts first, so no secret is cut in half and survives). */
export const MAX_LOG_FIELD = 1024;

export function capped(value: string): string {
  return value.length > MAX_LOG_FIELD ? value.slice(0, MAX_LOG_FIELD) + '…' : value;
}

/** `"…"` with `"`, `\` and every unsafe character escaped: one field, on one line, whatever the value. Capped. */
export function quoted(value: string): string {
  return `"${escaped(capped(value), true)}"`;
}

/** Whether a text field must be quoted: a space, `"`, `\`, `=` or an unsafe character would split or fake a field. */
function needsQuotes(value: string): boolean {
  return value === '' || value === '-' || FIRST_QUOTE_REASON.test(value); // "-" stands for "unknown"
}

/** One text-log field, capped: as is when it is a plain token, else quoted. */
export function textField(value: string): string {
  const field = capped(value);
  return needsQuotes(field) ? quoted(field) : field;
}

/** JSON.stringify escapes C0 and lone surrogates; this escapes the rest as \uXXXX (U+2028/9 break some shippers). */
export function jsonSafe(line: string): string {
  return escaped(line, false);
}
