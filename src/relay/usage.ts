// Finds the token usage an upstream reported, without parsing the stream: the relay keeps only the last few KB
// of what passed through (O(new bytes) per chunk) and, once the body is done, looks for the last "usage" object.
// Works for SSE (usage chunk before [DONE]) and for a plain JSON completion (usage near its end).
import type { RequestLog } from './options.js';

export type UsageRecord = NonNullable<RequestLog['usage']>;

const TAIL_BYTES = 8 * 1024;

/** Holds the most recent bytes (at least TAIL_BYTES of them) by reference to the chunks, copying nothing. */
export class TailBuffer {
  private chunks: Uint8Array[] = [];
  private total = 0;

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.total += chunk.byteLength;
    while (this.chunks.length > 1 && this.total - this.chunks[0]!.byteLength >= TAIL_BYTES) {
      this.total -= this.chunks.shift()!.byteLength;
    }
  }

  text(): string {
    const bytes = new Uint8Array(Math.min(this.total, TAIL_BYTES * 2));
    let offset = bytes.length;
    for (let i = this.chunks.length - 1; i >= 0 && offset > 0; i--) {
      const c = this.chunks[i]!;
      const take = Math.min(c.byteLength, offset);
      bytes.set(c.subarray(c.byteLength - take), offset - take);
      offset -= take;
    }
    return new TextDecoder().decode(bytes.subarray(offset));
  }
}

/** The last `"usage": {...}` object in `text` with numeric token counts, or null. */
export function findLastUsage(text: string): UsageRecord | null {
  let at = text.lastIndexOf('"usage"');
  while (at !== -1) {
    const open = text.indexOf('{', at);
    const between = open === -1 ? '' : text.slice(at + 7, open);
    if (open !== -1 && /^\s*:\s*$/.test(between)) {
      let depth = 0;
      let inString = false;
      for (let i = open; i < text.length; i++) {
        const ch = text[i];
        if (inString) {
          if (ch === '\\') i++;
          else if (ch === '"') inString = false;
        } else if (ch === '"') inString = true;
        else if (ch === '{') depth++;
        else if (ch === '}' && --depth === 0) {
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
