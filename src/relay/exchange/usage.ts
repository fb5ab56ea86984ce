// Finds the token usage an upstream reported, without parsing the stream: the relay keeps only the last 4 KB of
// what passed through (O(new bytes) per chunk, no allocation) and, once the body is done, looks for the last
// "usage" object.
// Works for SSE (usage chunk before [DONE]) and for a plain JSON completion (usage near its end).
import type { RequestLog } from '../settings/options.js';

export type UsageRecord = NonNullable<RequestLog['usage']>;

/** A usage event is a few hundred bytes (OpenAI's, with token details, ~500); what follows it is only [DONE]. */
const TAIL_BYTES = 4 * 1024;

/**
 * Rings of finished exchanges, for the next ones. A 4 KB ArrayBuffer lives outside the V8 heap: allocating one
 * per stream and leaving it to the garbage collector cost the relay a major GC every few thousand requests
 * (external memory pressure) and, for streams old enough to be promoted, kept dead rings in RSS until the next one.
 * Capped so a burst of concurrent streams does not pin its peak forever (256 × 4 KB = 1 MB).
 */
const pool: Uint8Array[] = [];
const POOL_MAX = 256;

/** text() is synchronous, so one decoder and one unwrapping buffer serve every exchange. */
const decoder = new TextDecoder();
const scratch = new Uint8Array(TAIL_BYTES);

/**
 * Holds the most recent TAIL_BYTES bytes in one fixed ring, allocated on first use. Copying a chunk's bytes
 * (a memcpy of a few hundred bytes) is cheaper than keeping references to the chunks: retained chunks survive
 * young-generation collections and get promoted, so every stream would leave kilobytes of garbage in old space
 * (collected late, which is what made the relay's RSS grow under 1,000 streams).
 */
export class TailBuffer {
  private ring: Uint8Array | null = null;
  /** Bytes pushed so far (the write position is total % TAIL_BYTES). */
  private total = 0;

  push(chunk: Uint8Array): void {
    const n = chunk.byteLength;
    if (n === 0) return;
    const ring = (this.ring ??= pool.pop() ?? new Uint8Array(TAIL_BYTES));
    const src = n > TAIL_BYTES ? chunk.subarray(n - TAIL_BYTES) : chunk;
    const at = (this.total + (n - src.byteLength)) % TAIL_BYTES;
    const first = Math.min(src.byteLength, TAIL_BYTES - at);
    ring.set(first === src.byteLength ? src : src.subarray(0, first), at);
    if (first < src.byteLength) ring.set(src.subarray(first), 0);
    this.total += n;
  }

  text(): string {
    const ring = this.ring;
    if (!ring) return '';
    if (this.total <= TAIL_BYTES) return decoder.decode(ring.subarray(0, this.total));
    const at = this.total % TAIL_BYTES;
    if (at === 0) return decoder.decode(ring);
    // Oldest part first, copied in order so one (non-streaming, much cheaper) decode joins a character split
    // across the wrap.
    scratch.set(ring.subarray(at), 0);
    scratch.set(ring.subarray(0, at), TAIL_BYTES - at);
    return decoder.decode(scratch);
  }

  /** Hands the ring back for reuse; the buffer is empty afterwards. Call once its text is no longer needed. */
  release(): void {
    const ring = this.ring;
    this.ring = null;
    this.total = 0;
    if (ring && pool.length < POOL_MAX) pool.push(ring);
  }
}

/**
 * How many `"usage": {` candidates are brace-matched, newest first. Each match may run to the end of the text, so
 * an unbounded number would be quadratic on a hostile stream of `"usage":{`; the real one is the last or next-to-last.
 */
const MAX_CANDIDATES = 4;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

const isSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;

/** Where the `{` of `"usage" : {` is, for the key at `at`; -1 when something else follows the key. */
function objectAfterKey(text: string, at: number): number {
  let i = at + 7;
  while (isSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 0x3a) return -1;
  i++;
  while (isSpace(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) === OPEN_BRACE ? i : -1;
}

/** The last `"usage": {...}` object in `text` with numeric token counts, or null. Linear in the text. */
export function findLastUsage(text: string): UsageRecord | null {
  let at = text.lastIndexOf('"usage"');
  let candidates = 0;
  while (at !== -1 && candidates < MAX_CANDIDATES) {
    const open = objectAfterKey(text, at);
    if (open !== -1) {
      candidates++;
      let depth = 0;
      let inString = false;
      for (let i = open; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (inString) {
          if (ch === BACKSLASH) i++;
          else if (ch === QUOTE) inString = false;
        } else if (ch === QUOTE) inString = true;
        else if (ch === OPEN_BRACE) depth++;
        else if (ch === CLOSE_BRACE && --depth === 0) {
          try {
            const u = JSON.parse(text.slice(open, i + 1)) as Record<string, unknown>;
            const p = Number(u.prompt_tokens ?? 0);
            const c = Number(u.completion_tokens ?? 0);
            const t = Number(u.total_tokens ?? p + c);
            if ([p, c, t].every(Number.isFinite)) return { prompt_tokens: p, completion_tokens: c, total_tokens: t };
          } catch {
            // not a complete object (cut off); try an earlier one
          }
          break;
        }
      }
    }
    at = at === 0 ? -1 : text.lastIndexOf('"usage"', at - 1);
  }
  return null;
}

/** Whether the tail ends with `[DONE]` and only white space after it (`trimEnd` strips exactly what `\s` matches). */
export function endsWithDone(text: string): boolean {
  return text.trimEnd().endsWith('[DONE]');
}
