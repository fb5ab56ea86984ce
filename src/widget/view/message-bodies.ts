// Owns the DOM of assistant message bodies, outside Lit's diffing: a finished message is rendered
// (parse → sanitize → highlight) once and the same node is handed back on every later render; the
// streaming message is fed to IncrementalMarkdown and flushed once per animation frame, so a chunk costs
// O(its own bytes) rather than a re-render of the whole reply.
//
// While the reader types, a frame that shows a typed character draws nothing else: the streamed text is drawn
// in a task right after that frame is painted, and at most every TYPING_FLUSH_MS; the stream asks for no frame
// of its own and its caret stops blinking, so between keys the page draws nothing and a keystroke's frame
// starts at once instead of waiting for the next vsync (BENCHMARKS.md, "Typing during a stream, part 8").
//
// The Markdown pipeline (marked + DOMPurify + highlight.js) is a separate chunk, fetched as soon as an
// element connects, so the script tag that defines <gpt-chat> stays small. Until it arrives (normally
// long before the first reply), text is shown as plain text — never as HTML — and re-rendered after.
import type { IncrementalMarkdown } from '../markdown/incremental.js';
import type { RenderLabels } from '../markdown/render.js';
import type { ImageMode } from '../markdown/images.js';
import type { ChatEntry } from '../controllers/chat-controller.js';

type MarkdownModule = typeof import('../markdown/index.js');

/** How long after a keystroke the reader counts as typing (ms). */
const TYPING_MS = 600;
/** While typing, the streamed text is drawn at most this often (ms). */
const TYPING_FLUSH_MS = 300;
/** While typing, a draw not made right after a keystroke's frame waits for a pause between keys this long (ms). */
const KEY_GAP_MS = 150;

/** Whether input waits for the main thread (Chromium's isInputPending; false where there is none). */
const inputPending = (): boolean =>
  (navigator as { scheduling?: { isInputPending?: () => boolean } }).scheduling?.isInputPending?.() ?? false;

let markdownModule: MarkdownModule | null = null;
let markdownLoading: Promise<MarkdownModule> | null = null;

/** Starts (once) loading the Markdown pipeline; resolves with it. */
export function loadMarkdown(): Promise<MarkdownModule> {
  markdownLoading ??= import('../markdown/index.js').then((m) => (markdownModule = m));
  return markdownLoading;
}

interface Rendered {
  el: HTMLElement;
  content: string;
  /** Rendered as plain text because the Markdown chunk was not there yet. */
  plain: boolean;
}

interface Stream {
  id: string;
  entry: ChatEntry;
  md: IncrementalMarkdown | null;
  body: HTMLElement;
  reasoning: HTMLElement;
  pendingReasoning: string;
  frame: number;
  /** A draw scheduled after a painted frame or a pause (typing), 0 when none. */
  later: number;
  onFlush?: () => void;
}

export class MessageBodies {
  private readonly bodies = new Map<string, Rendered>();
  private readonly reasonings = new Map<string, Rendered>();
  private stream: Stream | null = null;
  /** The element's shadow root: KaTeX's style sheet is adopted there. */
  private root: Node | undefined;
  /** performance.now() of the last keystroke in the composer, and of the last draw of the stream. */
  private typedAt = -Infinity;
  private flushedAt = -Infinity;

  constructor(
    private readonly labels: () => RenderLabels,
    /** The element's `images` attribute (clear() when it changes). */
    private readonly images: () => string | null | undefined = () => 'click',
  ) {}

  /**
   * Loads the Markdown chunk; `onReady` runs when bodies shown as plain text should be re-rendered. Then, at
   * idle, pays the pipeline's first-use costs inside `root` (once per page; see markdown/warm-up.ts).
   */
  prepare(onReady: () => void, root: ParentNode): void {
    this.root = root as Node;
    const loaded = loadMarkdown();
    void loaded.then((m) => m.warmUpPipeline(root));
    if (markdownModule) return;
    void loaded.then(() => {
      for (const [id, r] of this.bodies) if (r.plain) this.bodies.delete(id);
      const s = this.stream;
      if (s && !s.md) this.upgradeStream(s);
      onReady();
    });
  }

  /** The rendered body of an assistant message (same node while its text is unchanged). */
  body(m: ChatEntry): HTMLElement {
    if (this.stream?.id === m.id) return this.stream.body;
    const cached = this.bodies.get(m.id);
    if (cached && cached.content === m.content) return cached.el;
    const el = document.createElement('div');
    el.className = 'md';
    if (markdownModule) el.append(markdownModule.renderMarkdown(m.content, this.options()));
    else {
      el.classList.add('plain');
      el.textContent = m.content;
    }
    this.bodies.set(m.id, { el, content: m.content, plain: !markdownModule });
    return el;
  }

  /** The thinking text (plain text: it is the model's scratchpad, shown as written). */
  reasoning(m: ChatEntry): HTMLElement {
    if (this.stream?.id === m.id) return this.stream.reasoning;
    const text = m.reasoning ?? '';
    const cached = this.reasonings.get(m.id);
    if (cached && cached.content === text) return cached.el;
    const el = document.createElement('div');
    el.className = 'thinking-text';
    el.textContent = text;
    this.reasonings.set(m.id, { el, content: text, plain: true });
    return el;
  }

  startStream(entry: ChatEntry): void {
    this.cancelFrame();
    const body = document.createElement('div');
    body.className = 'md';
    const reasoning = document.createElement('div');
    reasoning.className = 'thinking-text';
    reasoning.textContent = entry.reasoning ?? '';
    const s: Stream = { id: entry.id, entry, md: null, body, reasoning, pendingReasoning: '', frame: 0, later: 0 };
    this.stream = s;
    if (markdownModule) this.upgradeStream(s);
    else body.textContent = entry.content;
  }

  streamDelta(entry: ChatEntry, delta: { content?: string; reasoning?: string }, onFlush: () => void): void {
    const s = this.stream;
    if (!s || s.id !== entry.id) return;
    if (delta.content) s.md?.append(delta.content);
    if (delta.reasoning) s.pendingReasoning += delta.reasoning;
    s.onFlush = onFlush;
    if (s.frame || s.later) return;
    const now = performance.now();
    // While typing, no frame is asked for: a frame in flight makes the next keystroke wait for the one after.
    if (now - this.typedAt > TYPING_MS) s.frame = requestAnimationFrame(() => this.onFrame());
    else this.drawLater(s, now, false);
  }

  /** The reader typed in the composer (see the top of this file). */
  noteTyping(): void {
    this.typedAt = performance.now();
    const s = this.stream;
    if (!s) return;
    // The caret holds still while the reader types: a running animation would draw every frame.
    s.body.classList.add('still');
    // Nothing of the stream before the keystroke's frame: a waiting draw moves to right after that frame.
    if (!s.later) return;
    clearTimeout(s.later);
    s.later = 0;
    s.frame ||= requestAnimationFrame(() => this.onFrame());
  }

  private onFrame(): void {
    const s = this.stream;
    if (!s) return;
    s.frame = 0;
    const now = performance.now();
    if (now - this.typedAt > TYPING_MS) {
      s.body.classList.remove('still');
      return this.flush();
    }
    this.drawLater(s, now, true);
  }

  /**
   * Draws in a task: right after a keystroke's frame (a task posted from a frame callback runs after it is painted),
   * which leaves the most time before the next key; otherwise only in a pause between keys, never at a moment a
   * key may land on. `afterKeyFrame`: called from the frame that shows a keystroke.
   */
  private drawLater(s: Stream, now: number, afterKeyFrame: boolean): void {
    const due = this.flushedAt + TYPING_FLUSH_MS;
    const wait = afterKeyFrame && now >= due ? 0 : Math.max(due, this.typedAt + KEY_GAP_MS) - now;
    s.later = setTimeout(() => {
      s.later = 0;
      if (this.stream !== s) return;
      // A keystroke already waiting goes first: the draw moves to right after its frame.
      if (inputPending()) s.frame ||= requestAnimationFrame(() => this.onFrame());
      else this.flush();
    }, wait) as unknown as number;
  }

  /** Renders what arrived since the last frame. */
  flush(): void {
    const s = this.stream;
    if (!s) return;
    s.frame = 0;
    this.flushedAt = performance.now();
    if (s.md) s.md.flush();
    else s.body.textContent = s.entry.content; // only before the Markdown chunk has arrived
    if (s.pendingReasoning) {
      // A new text node per frame keeps this O(new text), unlike growing one node's data.
      s.reasoning.append(s.pendingReasoning);
      s.pendingReasoning = '';
    }
    s.onFlush?.();
  }

  endStream(entry: ChatEntry): void {
    const s = this.stream;
    if (!s || s.id !== entry.id) return;
    this.cancelFrame();
    s.body.classList.remove('still');
    if (s.pendingReasoning) s.reasoning.append(s.pendingReasoning);
    s.pendingReasoning = '';
    if (s.md) s.md.finish();
    else s.body.textContent = entry.content;
    this.bodies.set(s.id, { el: s.body, content: entry.content, plain: !s.md });
    this.reasonings.set(s.id, { el: s.reasoning, content: entry.reasoning ?? '', plain: true });
    this.stream = null;
    s.onFlush?.();
  }

  /** The code a renderer Copy button copies; undefined for any other button (one model HTML drew). */
  copySource(button: Element): string | undefined {
    return markdownModule?.copySourceOf(button);
  }

  /** What copying `range` should put on the clipboard when it holds formulas (their TeX); null otherwise. */
  copyMath(range: Range): string | null {
    return markdownModule?.mathCopyText(range) ?? null;
  }

  /** Follows a footnote link of a rendered reply; false when `el` is not one. */
  followFootnote(el: Element): boolean {
    return markdownModule?.followFootnote(el) ?? false;
  }

  /** Loads a click-to-load image placeholder; false when `el` is not one. */
  loadImage(el: Element): boolean {
    return markdownModule?.loadImage(el) ?? false;
  }

  /** Forgets every rendered body (conversation replaced or cleared, language or image mode changed). */
  clear(): void {
    this.bodies.clear();
    this.reasonings.clear();
  }

  private upgradeStream(s: Stream): void {
    const md = new markdownModule!.IncrementalMarkdown(s.body, this.options());
    s.body.textContent = '';
    if (s.entry.content) md.setText(s.entry.content);
    s.md = md;
  }

  private options(): { labels: RenderLabels; images: ImageMode; styleRoot?: Node } {
    return { labels: this.labels(), images: markdownModule!.imageMode(this.images()), styleRoot: this.root };
  }

  private cancelFrame(): void {
    const s = this.stream;
    if (!s) return;
    if (s.frame) cancelAnimationFrame(s.frame);
    if (s.later) clearTimeout(s.later);
    s.frame = 0;
    s.later = 0;
  }
}
