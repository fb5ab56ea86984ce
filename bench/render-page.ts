// The in-browser half of `npm run bench:render` (bundled by bench/render.mjs with Vite).
// Three runs over the same 50 KB Markdown reply cut into 6-character chunks:
//  - incremental: IncrementalMarkdown.append + flush per chunk (as if every chunk got its own frame — the
//    worst case; the element flushes once per animation frame, so real streams do less);
//  - naive: marked + DOMPurify of the whole text so far, replacing the DOM, per chunk;
//  - element: the real <gpt-chat> consuming an SSE stream of the same chunks (fetch is served from memory),
//    for end-to-end totals and the longest task.
import { marked } from 'marked';
import DOMPurify from 'dompurify';
import { IncrementalMarkdown } from '../src/widget/markdown/incremental.js';
import { loadKatex } from '../src/widget/markdown/math.js';
import '../src/widget/index.js';

export interface RunResult {
  name: string;
  chunks: number;
  perChunk: number[];
  /** Style + layout forced right after each chunk (measured apart from perChunk). */
  perChunkLayout: number[];
  /** Time of the final step (finish()), not part of perChunk. */
  finishMs: number;
}

function chunksOf(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function freshContainer(): HTMLElement {
  document.body.replaceChildren();
  const box = document.createElement('div');
  box.style.cssText = 'width: 700px; font: 15px/1.6 system-ui, sans-serif';
  document.body.append(box);
  return box;
}

function runIncremental(text: string, size: number): RunResult {
  const box = freshContainer();
  const md = new IncrementalMarkdown(box, { highlight: false });
  const perChunk: number[] = [];
  const perChunkLayout: number[] = [];
  for (const chunk of chunksOf(text, size)) {
    const t0 = performance.now();
    md.append(chunk);
    md.flush();
    const t1 = performance.now();
    void box.offsetHeight;
    perChunk.push(t1 - t0);
    perChunkLayout.push(performance.now() - t1);
  }
  const t0 = performance.now();
  md.finish();
  void box.offsetHeight;
  return { name: 'incremental', chunks: perChunk.length, perChunk, perChunkLayout, finishMs: performance.now() - t0 };
}

function runNaive(text: string, size: number): RunResult {
  const box = freshContainer();
  const perChunk: number[] = [];
  const perChunkLayout: number[] = [];
  let sofar = '';
  for (const chunk of chunksOf(text, size)) {
    sofar += chunk;
    const t0 = performance.now();
    const html = marked.parse(sofar, { async: false, gfm: true }) as string;
    const fragment = DOMPurify.sanitize(html, { RETURN_DOM_FRAGMENT: true });
    box.replaceChildren(fragment);
    const t1 = performance.now();
    void box.offsetHeight;
    perChunk.push(t1 - t0);
    perChunkLayout.push(performance.now() - t1);
  }
  return { name: 'naive', chunks: perChunk.length, perChunk, perChunkLayout, finishMs: 0 };
}

/** Streams the text through a real <gpt-chat>; fetch for the bench endpoint answers from memory. */
async function runElement(
  text: string,
  size: number,
): Promise<{
  wallMs: number;
  longTasks: number[];
  longTaskStarts: number[];
  longFrames: unknown[];
  chunks: number;
  rendered: number;
  frames: number;
}> {
  document.body.replaceChildren();
  const chunks = chunksOf(text, size);
  const encoder = new TextEncoder();
  const realFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    if (!String(input).includes('/bench-sse')) return realFetch(input, init);
    let i = 0;
    const channel = new MessageChannel();
    const nextTask = () =>
      new Promise<void>((resolve) => {
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
      });
    const stream = new ReadableStream<Uint8Array>({
      // One SSE event per task, as network reads arrive (MessageChannel: no setTimeout clamping), so the
      // element works chunk by chunk and flushes once per animation frame, as with a real stream.
      async pull(controller) {
        await nextTask();
        if (i < chunks.length) {
          controller.enqueue(
            encoder.encode(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: chunks[i++] } }] })}\n\n`),
          );
        } else {
          controller.enqueue(
            encoder.encode('data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'),
          );
          controller.close();
        }
      },
    });
    return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
  };
  // The bench's own set-up (cutting 50 KB into 7,000+ chunks: ~7 ms) ends its task here, so the first task
  // observed is the element's own creation and first render.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const longTasks: number[] = [];
  // Start times are made relative to the question being sent at the end (negative: before it, e.g. the
  // element's creation) — an observer's callback may run before or after that moment.
  const longTaskStarts: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      longTasks.push(entry.duration);
      longTaskStarts.push(entry.startTime);
    }
  });
  observer.observe({ type: 'longtask', buffered: false });
  // What a long task was made of (diagnostics only; the target counts longtask entries): long animation frames
  // with their scripts (who invoked what, for how long, forced layout) and the frame's own style + layout.
  const longFrames: Array<{ start: number } & Record<string, unknown>> = [];
  const frameObserver = new PerformanceObserver((list) => {
    for (const f of list.getEntries() as any[]) {
      if (f.duration < 50) continue;
      longFrames.push({
        start: f.startTime,
        duration: Math.round(f.duration),
        blocking: Math.round(f.blockingDuration),
        styleAndLayout: f.styleAndLayoutStart ? Math.round(f.startTime + f.duration - f.styleAndLayoutStart) : 0,
        scripts: f.scripts.map((x: any) => ({
          invoker: x.invoker,
          source: `${x.sourceFunctionName}@${x.sourceCharPosition}`,
          duration: Math.round(x.duration),
          forcedStyleAndLayout: Math.round(x.forcedStyleAndLayoutDuration),
        })),
      });
    }
  });
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame'))
    frameObserver.observe({ type: 'long-animation-frame', buffered: false });
  const box = document.createElement('div');
  box.style.cssText = 'width: 700px; height: 800px';
  const el = document.createElement('gpt-chat');
  el.setAttribute('storage', 'none');
  el.setAttribute('endpoint', '/bench-sse');
  box.append(el);
  document.body.append(box);
  await el.updateComplete;
  // As on a page: the element connects, the Markdown chunk arrives and the pipeline warms up while idle
  // (markdown/warm-up.ts), all before anyone has typed a first question; 1 s is ample on this machine.
  await new Promise((r) => setTimeout(r, 1000));
  let frames = 0;
  let counting = true;
  const countFrame = () => {
    frames++;
    if (counting) requestAnimationFrame(countFrame);
  };
  requestAnimationFrame(countFrame);
  const t0 = performance.now();
  console.timeStamp('bench:question'); // the same moment in a trace (bench/render.mjs: task times from it)
  await el.send('Write a long answer.');
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const wallMs = performance.now() - t0;
  counting = false;
  observer.disconnect();
  frameObserver.disconnect();
  window.fetch = realFetch;
  const rendered = el.shadowRoot!.querySelector('.msg.assistant .bubble')?.textContent?.length ?? 0;
  return {
    wallMs,
    longTasks,
    longTaskStarts: longTaskStarts.map((start) => Math.round(start - t0)),
    longFrames: longFrames.map((f) => ({ ...f, start: Math.round(f.start - t0) })),
    chunks: chunks.length,
    rendered,
    frames,
  };
}

declare global {
  interface Window {
    renderBench: {
      runIncremental: typeof runIncremental;
      runNaive: typeof runNaive;
      runElement: typeof runElement;
      loadMath: () => Promise<boolean>;
    };
  }
}

/** Loads the KaTeX chunk (the math runs measure streaming once it is loaded, as the target says). */
const loadMath = async () => (await loadKatex()) !== null;

window.renderBench = { runIncremental, runNaive, runElement, loadMath };
