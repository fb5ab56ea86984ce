// Every payload of the public XSS corpora (test/fixtures/xss, see its README) is streamed through the real
// <gpt-chat> element from a test upstream (corpus-server.mjs), twice: as one delta, and in 3-character deltas
// with a render after EVERY delta (requestAnimationFrame runs its callback at once here), so each half-written
// state is rendered too. A MutationObserver inspects every node the renderer ever inserted, including ones a
// later delta replaced. Pass = no trap fired, no on* attribute and no javascript:/vbscript:/non-image data:
// URL anywhere in the shadow DOM, no forbidden element in message content, the widget's own controls look
// exactly as before, and nothing in a message paints outside that message.
import '../../../src/widget/index.js';
import type { GptChat } from '../../../src/widget/index.js';
import { loadMarkdown } from '../../../src/widget/view/message-bodies.js';
import { mount, cleanup, waitFor, animationsDone } from '../_support/helpers.js';
import { installTraps, removeTraps, hits, snapshotGlobals, newGlobals } from './_support/traps.js';
import {
  attributeProblems,
  contentProblems,
  shadowProblems,
  escapes,
  uiFingerprint,
  allElements,
} from './_support/inspect.js';

interface Payload {
  source: string;
  title: string;
  payload: string;
}

const SOURCES = [
  'dompurify-expect.json',
  'markdown-it-xss.txt',
  'markdown-xss-payloads.txt',
  'xss-polyglots.txt',
  'gpt-chat-extra',
];
const MODES = ['whole', 'chunk3'] as const;

let corpus: Payload[] = [];
/** Problems seen by the MutationObserver since the last payload started. */
let seen: string[] = [];
/** Content deltas streamed in total (reported at the end). */
let streamed = 0;
const realRaf = window.requestAnimationFrame;

function inspectRecords(records: MutationRecord[]): void {
  for (const r of records) {
    const target = r.target as Element;
    const inContent = (n: Node) =>
      !!(n instanceof Element ? n : n.parentElement)?.closest?.('.md, .bubble') ||
      (r.target as Element).closest?.('.md, .bubble');
    if (r.type === 'attributes') {
      seen.push(...(inContent(target) ? contentProblems(target) : attributeProblems(target)));
      continue;
    }
    for (const node of Array.from(r.addedNodes)) {
      if (!(node instanceof Element)) continue;
      const check = inContent(node) ? contentProblems : attributeProblems;
      seen.push(...check(node));
      for (const child of allElements(node)) seen.push(...check(child));
    }
  }
}

interface Harness {
  el: GptChat;
  baseline: string;
  observer: MutationObserver;
}

async function harness(attrs: Record<string, string | boolean>): Promise<Harness> {
  // KaTeX and Mermaid set globals of their own when they load (Mermaid: `injected`, `fastdom`): loaded first, so
  // only what a payload adds counts as new.
  await Promise.all([
    import('../../../src/widget/markdown/katex-chunk.js'),
    import('../../../src/widget/markdown/mermaid-chunk.js'),
  ]);
  // The pipeline's once-per-page warm-up lays out a hidden `.md` probe at idle time; run it now, outside the
  // element, so it never lands in the middle of a payload (on a loaded machine idle time comes late).
  await (await loadMarkdown()).warmUpPipeline(document.body);
  const el = await mount(
    { endpoint: '/xss/v1/chat/completions?id=0&mode=whole', ...attrs },
    'width: 480px; height: 640px',
  );
  await animationsDone(el); // the launcher panel pops in: measure its final look
  const baseline = uiFingerprint(el);
  const observer = new MutationObserver(inspectRecords);
  observer.observe(el.shadowRoot!, { subtree: true, childList: true, attributes: true });
  return { el, baseline, observer };
}

/** Streams every payload of `source` through the element; returns one line per payload that broke an invariant. */
async function runSource(
  h: Harness,
  source: string,
  mode: (typeof MODES)[number],
): Promise<{ count: number; failures: string[] }> {
  const { el, baseline, observer } = h;
  const failures: string[] = [];
  let count = 0;
  for (let id = 0; id < corpus.length; id++) {
    const item = corpus[id]!;
    if (item.source !== source) continue;
    count++;
    seen = [];
    hits.length = 0;
    const globals = snapshotGlobals();
    el.endpoint = `/xss/v1/chat/completions?id=${id}&mode=${mode}`;
    await el.updateComplete;
    // send() resolves when the reply has finished (or failed); a payload may carry class="stop" itself.
    await el.send(`payload ${id}`);
    await waitFor(() => el.messages.at(-1)?.status !== 'streaming', 'the reply to end');
    await el.updateComplete;
    // Formulas and diagrams are drawn after the text (their chunks load, Mermaid renders): check them drawn.
    await waitFor(
      () => !el.shadowRoot!.querySelector('.math:not([data-typeset]), .code-block[data-diagram="pending"]'),
      'formulas and diagrams to be drawn',
    );
    inspectRecords(observer.takeRecords());
    // Let every image settle (load or error), so a planted onerror/onload would have fired by now.
    await waitFor(
      () => Array.from(allElements(el.shadowRoot!)).every((n) => !(n instanceof HTMLImageElement) || n.complete),
      'images to settle',
    );
    await new Promise((r) => setTimeout(r, 0));
    const reply = el.messages.at(-1);
    const problems = [
      ...hits.map((x) => `trap ${x.what}(${x.detail})`),
      ...newGlobals(globals).map((g) => `new global window.${g}`),
      ...seen,
      ...shadowProblems(el),
      ...escapes(el),
    ];
    if (reply?.role !== 'assistant' || reply.status !== 'complete')
      problems.push(`reply not complete: ${JSON.stringify(reply?.status)}`);
    // The whole payload arrived (<think> sections go to the reasoning; leading whitespace before a possible
    // <think> is not kept, so the ends are compared trimmed).
    else if (!item.payload.includes('<think>') && reply.content.trim() !== item.payload.trim())
      problems.push(`reply text differs from the payload: ${JSON.stringify(reply.content.slice(0, 80))}`);
    streamed += mode === 'chunk3' ? Math.ceil(Array.from(item.payload).length / 3) : 1;
    const look = uiFingerprint(el);
    if (look !== baseline) problems.push(`widget UI restyled:\n${look}\nwas\n${baseline}`);
    if (problems.length) {
      const distinct = [...new Set(problems)];
      const shown = distinct.slice(0, 6).concat(distinct.length > 6 ? [`… and ${distinct.length - 6} more`] : []);
      failures.push(`#${id} ${item.title} ${JSON.stringify(item.payload.slice(0, 120))}\n    ${shown.join('\n    ')}`);
    }
    el.clear();
    await el.updateComplete;
  }
  return { count, failures };
}

function check(source: string, mode: string, { count, failures }: { count: number; failures: string[] }): void {
  if (count === 0) throw new Error(`no payloads from ${source}`);
  if (failures.length)
    throw new Error(`${failures.length} of ${count} payloads (${mode}) broke an invariant:\n${failures.join('\n')}`);
}

describe('XSS corpora streamed through <gpt-chat>', () => {
  let inline: Harness;
  let launcher: Harness;

  before(async () => {
    installTraps();
    await loadMarkdown();
    corpus = await (await fetch('/xss/corpus', { cache: 'no-store' })).json();
    inline = await harness({});
    // Launcher mode: the panel itself is position:fixed over the page, so borrowed class names matter most here.
    launcher = await harness({ mode: 'launcher', open: true });
    // Render after every delta, not once per frame: every intermediate state reaches the DOM.
    window.requestAnimationFrame = (cb: FrameRequestCallback) => {
      cb(performance.now());
      return 0;
    };
  });

  after(() => {
    inline?.observer.disconnect();
    launcher?.observer.disconnect();
    window.requestAnimationFrame = realRaf;
    console.log(`XSS corpora: ${corpus.length} payloads, ${streamed} content deltas streamed and rendered`);
    cleanup();
    removeTraps();
  });

  it('serves every corpus', () => {
    for (const source of SOURCES) {
      if (!corpus.some((p) => p.source === source)) throw new Error(`no payloads from ${source}`);
    }
  });

  for (const source of SOURCES) {
    for (const mode of MODES) {
      it(`${source}: every payload ${mode === 'whole' ? 'as one delta' : 'in 3-character deltas'} is inert`, async function (this: any) {
        this.timeout(240_000);
        check(source, mode, await runSource(inline, source, mode));
      });
    }
  }

  it('launcher mode (open panel): the widget-specific payloads and the polyglots are inert too', async function (this: any) {
    this.timeout(240_000);
    for (const source of ['gpt-chat-extra', 'xss-polyglots.txt'])
      check(source, 'launcher, whole', await runSource(launcher, source, 'whole'));
  });
});
