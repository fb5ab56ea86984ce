// marked's pathological inputs (super-linear emphasis/link scanning, deep recursion, huge tables) must not
// freeze the page or break the widget: each is shown from history (one-shot render) and streamed through
// the element in 500-character deltas. Long main-thread tasks are observed (PerformanceObserver 'longtask')
// and must stay under a generous FREEZE bound — this is a "does not hang" check, not a performance target
// (figures are in BENCHMARKS.md); the reply must be complete and its text shown.
import '../../../src/widget/index.js';
import type { GptChat } from '../../../src/widget/index.js';
import { loadMarkdown } from '../../../src/widget/view/message-bodies.js';
import { mount, cleanup, waitFor, $ } from '../_support/helpers.js';

/**
 * A task longer than this is a frozen page, whatever the machine. Deliberately far above the 50 ms budget
 * (~10× the worst figure seen with the complexity guard on a loaded 2-core machine, and below every figure
 * seen without it for the super-linear inputs) so the check never flakes: it catches hangs and super-linear
 * blow-ups (a 1,000-deep list took 14–22 s before this suite existed; "a_" × 20,000 took 0.9–6.6 s before
 * src/widget/markdown/guard.ts). The budget itself is in BENCHMARKS.md, and that the guard engages is checked
 * deterministically below (the block is shown as `.md-plain` text).
 */
const FREEZE_MS = 2000;

/** Inputs marked renders cheaply as what they are (a thematic break): no guard expected. */
const RENDERED_AS_MARKDOWN = new Set(['emphasis: "*" x 50000', 'emphasis: "_" x 50000']);

/**
 * Long tasks are only reported from 50 ms up; for the figures below that, the longest gap between two
 * animation frames while the reply renders is an upper bound of the longest task (it is a task plus the
 * rest of its frame, never less than one frame interval, ~17 ms).
 */
class FrameGaps {
  private last = 0;
  private id = 0;
  worst = 0;
  start(): void {
    this.worst = 0;
    this.last = performance.now();
    // performance.now(), not the callback's argument: that is the frame's start, which can precede start().
    const tick = () => {
      const now = performance.now();
      this.worst = Math.max(this.worst, now - this.last);
      this.last = now;
      this.id = requestAnimationFrame(tick);
    };
    this.id = requestAnimationFrame(tick);
  }
  stop(): number {
    cancelAnimationFrame(this.id);
    return this.worst;
  }
}

let inputs: Record<string, string> = {};
let longTasks: number[] = [];
let observer: PerformanceObserver;
const results: string[] = [];

function worst(): number {
  observer.takeRecords().forEach((e) => longTasks.push(e.duration));
  return Math.max(0, ...longTasks);
}

describe('pathological Markdown renders without freezing', () => {
  before(async () => {
    await loadMarkdown();
    inputs = await (await fetch('/redos/inputs')).json();
    observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
    observer.observe({ type: 'longtask' });
  });
  after(() => {
    observer.disconnect();
    console.log(`redos figures (worst main-thread task, ms):\n${results.join('\n')}`);
  });
  afterEach(() => cleanup());

  it('serves the inputs', () => {
    if (Object.keys(inputs).length < 10) throw new Error('inputs missing');
  });

  for (const mode of ['history', 'streamed'] as const) {
    describe(mode, () => {
      // Names are known statically from redos-inputs.mjs; the list is fetched before the tests run.
      for (const name of Object.keys(REDOS_NAMES)) {
        it(name, async function (this: any) {
          this.timeout(120_000);
          const text = inputs[name]!;
          const el: GptChat = await mount({ endpoint: `/redos/v1/chat/completions?name=${encodeURIComponent(name)}` });
          longTasks = [];
          worst();
          longTasks = [];
          const gaps = new FrameGaps();
          gaps.start();
          const start = performance.now();
          if (mode === 'history') {
            el.messages = [
              { role: 'user', content: 'q' },
              { role: 'assistant', content: text },
            ];
            await el.updateComplete;
          } else {
            await el.send('q');
          }
          await waitFor(() => el.messages.at(-1)?.status !== 'streaming', 'the reply to end', 100_000);
          await el.updateComplete;
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          const elapsed = performance.now() - start;
          const max = worst();
          const gap = gaps.stop();
          results.push(
            `${mode}\t${name}\tworst task ${Math.round(max)}\tworst frame gap ${Math.round(gap)}\ttotal ${Math.round(elapsed)}`,
          );
          const reply = el.messages.at(-1)!;
          if (reply.content !== text)
            throw new Error(`reply text changed (${reply.content.length} vs ${text.length} chars)`);
          const md = $(el, '.msg.assistant .bubble .md');
          if (!md || md.childNodes.length === 0) throw new Error('nothing shown for the reply');
          const plain = md.querySelector('.md-plain');
          if (RENDERED_AS_MARKDOWN.has(name)) {
            if (plain) throw new Error('a cheap input was taken out of Markdown');
          } else if (!plain || !md.textContent!.replace(/\n+/g, '').includes(text.slice(0, 200).replace(/\n+/g, ''))) {
            throw new Error('the guard did not show the pathological block as plain text');
          } else {
            // The plain text is in pieces the browser may skip laying out off-screen (markdown/plain.ts).
            const pieces = Array.from(plain.children) as HTMLElement[];
            if (text.length > 4000 && pieces.length < 2)
              throw new Error(`a ${text.length}-character plain block is one piece`);
            for (const piece of pieces) {
              const style = getComputedStyle(piece);
              if (style.contentVisibility !== 'auto')
                throw new Error(`a plain piece has content-visibility: ${style.contentVisibility}`);
              if (getComputedStyle(plain).whiteSpace !== 'pre-wrap')
                throw new Error('plain text does not keep its line breaks');
            }
          }
          if (max > FREEZE_MS)
            throw new Error(`a main-thread task took ${Math.round(max)} ms (> ${FREEZE_MS} ms): the page froze`);
        });
      }
    });
  }
});

import { REDOS_INPUTS as REDOS_NAMES } from './_support/redos-inputs.mjs';
