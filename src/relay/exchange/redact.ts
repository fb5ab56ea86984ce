// Replaces every configured secret (upstream keys, access tokens) with `[redacted]` in what the upstream sends back
// to a client: whole texts (error bodies) and byte streams (completions, SSE, /v1/models), through an
// Aho–Corasick automaton built once at start-up (a Wu–Manber skip passes over stretches where no secret can
// start), so a chunk costs O(its length) whatever the secrets, and no state outlives a stream but its held bytes.
//
// A stream holds back only the bytes at a chunk's end that could still begin a secret (the automaton's depth,
// at most the longest secret's length − 1; usually none), and sends them with the next chunk or at the end.
// Matches do not overlap: the earliest-ending secret wins (the longest of those ending at the same byte).
//
// Escaped forms: keys and tokens are normally [A-Za-z0-9_-], which JSON never escapes. For a secret that holds
// characters JSON does escape (" \ / or control characters), its JSON-escaped spellings (with "/" and "\/") are
// matched too; \uXXXX spellings of non-ASCII characters are not.

/** Shorter secrets are not redacted: they would mangle ordinary text and they are no secret worth the name. */
export const MIN_SECRET_LENGTH = 6;
export const REDACTED = '[redacted]';

const encoder = new TextEncoder();
const REDACTED_BYTES = encoder.encode(REDACTED);
const EMPTY = new Uint8Array(0);

/** Per-stream state: feed chunks in order, then call end() once for whatever is still held back. */
export interface StreamRedaction {
  /** What to send for this chunk: the chunk itself when it holds no secret and nothing is held back. */
  push(chunk: Uint8Array): Uint8Array;
  /** The held-back bytes (a partial secret that never completed); empty when none. */
  end(): Uint8Array;
}

export interface Redactor {
  /** No secret to look for: callers can skip redaction entirely. */
  readonly empty: boolean;
  text(text: string): string;
  bytes(bytes: Uint8Array): Uint8Array;
  stream(): StreamRedaction;
}

/** The spellings matched for one secret (see the header on escaped forms). */
function spellings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [...new Set([secret, json, json.replaceAll('/', '\\/')])];
}

/**
 * The automaton as a full transition table over byte classes (bytes that occur in no secret share class 0, so
 * the table stays small). A state is its row's offset, so a step is one add and one load:
 * next = delta[state + classOf[byte]]; states that complete a secret are numbered last, so "a secret ends here"
 * is one comparison (state >= firstMatch). For the state at row r: depth[r / classes] = length of the prefix
 * it stands for, match[r / classes] = length of the longest secret that ends in it.
 */
interface Automaton {
  classOf: Uint16Array;
  classes: number;
  delta: Int32Array;
  firstMatch: number;
  depth: Int32Array;
  match: Int32Array;
  /** The shortest secret's length, and a Wu–Manber skip table over it (see skipTable). */
  window: number;
  shift: Uint8Array;
}

/**
 * Wu–Manber over byte pairs: with a window of the shortest secret's length, shift[pair] is how far the window can
 * move when it ends in `pair` without passing the start of any secret (or of a secret's prefix); 0 = a secret may
 * start right here, let the automaton look. Most bytes of a stream are then never looked at.
 */
function skipTable(patterns: readonly Uint8Array[], window: number): Uint8Array {
  const shift = new Uint8Array(65536).fill(Math.min(window - 1, 255));
  for (const p of patterns) {
    for (let k = 1; k < window; k++) {
      const pair = (p[k - 1]! << 8) | p[k]!;
      shift[pair] = Math.min(shift[pair]!, window - 1 - k);
    }
  }
  return shift;
}

function build(patterns: readonly Uint8Array[]): Automaton {
  const classOf = new Uint16Array(256);
  let classes = 1;
  for (const p of patterns) for (const b of p) if (classOf[b] === 0) classOf[b] = classes++;
  // Trie first (children in a map per state), then breadth-first failure links folded into the full table.
  const children: Map<number, number>[] = [new Map()];
  const depthList = [0];
  const matchList = [0];
  for (const p of patterns) {
    let s = 0;
    for (const b of p) {
      const c = classOf[b]!;
      let next = children[s]!.get(c);
      if (next === undefined) {
        next = children.push(new Map()) - 1;
        depthList.push(depthList[s]! + 1);
        matchList.push(0);
        children[s]!.set(c, next);
      }
      s = next;
    }
    matchList[s] = p.length;
  }
  const states = children.length;
  const delta = new Int32Array(states * classes);
  const fail = new Int32Array(states);
  const match = Int32Array.from(matchList);
  const queue: number[] = [];
  for (const [c, child] of children[0]!) {
    delta[c] = child;
    queue.push(child);
  }
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i]!;
    // A state inherits the longest secret ending at its failure state, unless it completes a longer one itself.
    if (match[s] === 0) match[s] = match[fail[s]!]!;
    for (let c = 0; c < classes; c++) {
      const child = children[s]!.get(c);
      if (child === undefined) delta[s * classes + c] = delta[fail[s]! * classes + c]!;
      else {
        delta[s * classes + c] = child;
        fail[child] = delta[fail[s]! * classes + c]!;
        queue.push(child);
      }
    }
  }
  const window = Math.min(...patterns.map((p) => p.byteLength));
  return { ...compile(classOf, classes, delta, depthList, match), window, shift: skipTable(patterns, window) };
}

/** Renumbers the states (those that complete a secret last) and turns state numbers into row offsets. */
function compile(
  classOf: Uint16Array,
  classes: number,
  delta: Int32Array,
  depth: number[],
  match: Int32Array,
): Omit<Automaton, 'window' | 'shift'> {
  const states = depth.length;
  const order = [...Array(states).keys()].sort((a, b) => Number(match[a]! > 0) - Number(match[b]! > 0) || a - b);
  const row = new Int32Array(states);
  order.forEach((old, index) => (row[old] = index));
  const out = new Int32Array(states * classes);
  for (let old = 0; old < states; old++) {
    for (let c = 0; c < classes; c++) out[row[old]! * classes + c] = row[delta[old * classes + c]!]! * classes;
  }
  const firstMatch = order.findIndex((old) => match[old]! > 0) * classes;
  return {
    classOf,
    classes,
    delta: out,
    firstMatch,
    depth: Int32Array.from(order, (old) => depth[old]!),
    match: Int32Array.from(order, (old) => match[old]!),
  };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.byteLength;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

class AutomatonStream implements StreamRedaction {
  private state = 0;
  /** Bytes of an unfinished possible secret, from earlier chunks (always the automaton's current depth). */
  private held: Uint8Array = EMPTY;

  constructor(private readonly a: Automaton) {}

  push(chunk: Uint8Array): Uint8Array {
    const { classOf, classes, delta, firstMatch, depth, match, window, shift } = this.a;
    const held = this.held;
    const h = held.byteLength;
    const n = chunk.byteLength;
    let state = this.state;
    // Output so far: pieces of held+chunk (positions in that joined sequence) and replacements.
    let parts: Uint8Array[] | null = null;
    let emitted = 0;
    for (let i = 0; i < n; i++) {
      if (state === 0) {
        // Nothing under way: jump ahead while the window's last two bytes rule out a secret starting in it.
        for (let j = i + window - 1; j < n; j = i + window - 1) {
          const skip = shift[(chunk[j - 1]! << 8) | chunk[j]!]!;
          if (skip === 0) break;
          i += skip;
        }
        if (i >= n) break;
      }
      state = delta[state + classOf[chunk[i]!]!]!;
      if (state < firstMatch) continue;
      const m = match[state / classes]!;
      const end = h + i + 1;
      parts ??= [];
      if (end - m > emitted) parts.push(slice(held, chunk, emitted, end - m));
      parts.push(REDACTED_BYTES);
      emitted = end;
      state = 0; // matches do not overlap
    }
    this.state = state;
    const keep = depth[state / classes]!;
    const total = h + n;
    if (parts === null && h === 0) {
      if (keep === 0) return chunk;
      this.held = chunk.slice(n - keep);
      return chunk.subarray(0, n - keep);
    }
    if (total - keep > emitted) (parts ??= []).push(slice(held, chunk, emitted, total - keep));
    this.held = keep === 0 ? EMPTY : slice(held, chunk, total - keep, total).slice();
    return parts === null ? EMPTY : parts.length === 1 ? parts[0]! : concat(parts);
  }

  end(): Uint8Array {
    const held = this.held;
    this.held = EMPTY;
    this.state = 0;
    return held;
  }
}

/** Bytes [from, to) of held+chunk, as a view when they lie in one of the two. */
function slice(held: Uint8Array, chunk: Uint8Array, from: number, to: number): Uint8Array {
  const h = held.byteLength;
  if (from >= h) return chunk.subarray(from - h, to - h);
  if (to <= h) return held.subarray(from, to);
  return concat([held.subarray(from), chunk.subarray(0, to - h)]);
}

const NONE: Redactor = {
  empty: true,
  text: (text) => text,
  bytes: (bytes) => bytes,
  stream: () => ({ push: (chunk) => chunk, end: () => EMPTY }),
};

/** The redactor for these secrets (shorter than MIN_SECRET_LENGTH ones are ignored). Build it once. */
export function createRedactor(secrets: readonly string[]): Redactor {
  const patterns = new Set<string>();
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) for (const s of spellings(secret)) patterns.add(s);
  }
  if (patterns.size === 0) return NONE;
  const automaton = build([...patterns].map((p) => encoder.encode(p)));
  const decoder = new TextDecoder();
  const bytes = (input: Uint8Array): Uint8Array => {
    const s = new AutomatonStream(automaton);
    const head = s.push(input);
    const rest = s.end();
    return rest.byteLength === 0 ? head : concat([head, rest]);
  };
  return {
    empty: false,
    // Secrets are matched as UTF-8 bytes; a text without any is returned as the same string.
    text: (text) => {
      const input = encoder.encode(text);
      const out = bytes(input);
      return out === input ? text : decoder.decode(out);
    },
    bytes,
    stream: () => new AutomatonStream(automaton),
  };
}
