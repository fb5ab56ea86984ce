// Owns the DOM of assistant message bodies, outside Lit's diffing: a finished message is rendered
// (parse → sanitize → highlight) once and the same node is handed back on every later render; the
// streaming message is fed to IncrementalMarkdown and flushed once per animation frame, so a chunk costs
// O(its own bytes) rather than a re-render of the whole reply.
import { IncrementalMarkdown } from '../markdown/incremental.js';
import { renderMarkdown } from '../markdown/index.js';
import type { RenderLabels } from '../markdown/render.js';
import type { ChatEntry } from './chat-controller.js';

interface Rendered {
  el: HTMLElement;
  content: string;
}

interface Stream {
  id: string;
  entry: ChatEntry;
  md: IncrementalMarkdown;
  body: HTMLElement;
  reasoning: HTMLElement;
  pendingReasoning: string;
  frame: number;
  onFlush?: () => void;
}

export class MessageBodies {
  private readonly bodies = new Map<string, Rendered>();
  private readonly reasonings = new Map<string, Rendered>();
  private stream: Stream | null = null;

  constructor(private readonly labels: () => RenderLabels) {}

  /** The rendered body of an assistant message (same node while its text is unchanged). */
  body(m: ChatEntry): HTMLElement {
    if (this.stream?.id === m.id) return this.stream.body;
    const cached = this.bodies.get(m.id);
    if (cached && cached.content === m.content) return cached.el;
    const el = document.createElement('div');
    el.className = 'md';
    el.append(renderMarkdown(m.content, { labels: this.labels() }));
    this.bodies.set(m.id, { el, content: m.content });
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
    this.reasonings.set(m.id, { el, content: text });
    return el;
  }

  startStream(entry: ChatEntry): void {
    this.cancelFrame();
    const body = document.createElement('div');
    body.className = 'md';
    const md = new IncrementalMarkdown(body, { labels: this.labels() });
    // Continuing a cut-off reply: render what is there, then keep appending.
    if (entry.content) md.setText(entry.content);
    const reasoning = document.createElement('div');
    reasoning.className = 'thinking-text';
    reasoning.textContent = entry.reasoning ?? '';
    this.stream = { id: entry.id, entry, md, body, reasoning, pendingReasoning: '', frame: 0 };
  }

  streamDelta(entry: ChatEntry, delta: { content?: string; reasoning?: string }, onFlush: () => void): void {
    const s = this.stream;
    if (!s || s.id !== entry.id) return;
    if (delta.content) s.md.append(delta.content);
    if (delta.reasoning) s.pendingReasoning += delta.reasoning;
    s.onFlush = onFlush;
    if (!s.frame) s.frame = requestAnimationFrame(() => this.flush());
  }

  /** Renders what arrived since the last frame. */
  flush(): void {
    const s = this.stream;
    if (!s) return;
    s.frame = 0;
    s.md.flush();
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
    if (s.pendingReasoning) s.reasoning.append(s.pendingReasoning);
    s.md.finish();
    this.bodies.set(s.id, { el: s.body, content: entry.content });
    this.reasonings.set(s.id, { el: s.reasoning, content: entry.reasoning ?? '' });
    this.stream = null;
    s.onFlush?.();
  }

  /** Forgets every rendered body (conversation replaced or cleared). */
  clear(): void {
    const s = this.stream;
    this.bodies.clear();
    this.reasonings.clear();
    if (s) {
      // Keep the live stream's nodes: its request may still be finishing.
      this.bodies.delete(s.id);
    }
  }

  private cancelFrame(): void {
    if (this.stream?.frame) cancelAnimationFrame(this.stream.frame);
    if (this.stream) this.stream.frame = 0;
  }
}
