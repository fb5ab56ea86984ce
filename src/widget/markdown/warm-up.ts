// Pays the pipeline's first-use costs while the page is idle instead of in the first frame of the first reply.
// Otherwise that frame pays for cold JavaScript (marked's and DOMPurify's regular expressions compiled, their code
// run for the first time) and for loading the fonts the reply needs, together a long task (BENCHMARKS.md, "The
// first frame of the first reply"). The work is cut into steps run in idle periods, as many per period as fit,
// so no step makes a long task of its own.
import { Lexer } from 'marked';
import { IncrementalMarkdown } from './incremental.js';
import { runWhenIdle } from './idle.js';

/** Covers what replies commonly contain: every block kind, inline styles, code, Chinese text, an emoji. */
const SAMPLE = [
  '## Warm-up 预热\n\n',
  'Some **bold**, *italic*, ~~struck~~ and `inline code`, a [link](https://example.com) and 中文段落，',
  '标点与数字 123。✅\n\n',
  '- item one\n- item **two**\n\n1. first\n2. second\n\n',
  '> a quote\n\n',
  '| a | b |\n|---|---|\n| 1 | 2 |\n\n',
  '```\nconst x = 1;\n```\n\n',
  'The end.',
];

let warmed = false;

/** A line most of marked's rules try and fail on: what a rule costs cold is compiling it, whatever the input. */
const REGEX_PROBE = 'Some **bold** _text_ ~~x~~ 中文。\n';

/**
 * marked's block and inline rules (GFM), one per step, each run twice: V8 compiles a regular expression to
 * bytecode on its first run and to machine code on its second, and the large Unicode ones (emphasis and
 * strikethrough delimiters, paragraph, lheading, table) cost tens of ms each to compile — several of them in one
 * flush of the sample below made a long task. Same source and flags share V8's compiled code, so this also
 * warms the regular expressions marked builds per list.
 */
function regexSteps(): Array<() => void> {
  const { block, inline } = Lexer.rules;
  const rules = [...Object.values(block.gfm), ...Object.values(inline.gfm)];
  return rules
    .filter((rule): rule is RegExp => rule instanceof RegExp)
    .map((rule) => () => {
      for (let i = 0; i < 2; i++) {
        rule.lastIndex = 0;
        rule.exec(REGEX_PROBE);
      }
      rule.lastIndex = 0;
    });
}

/**
 * Probes styled as a reply would be, one per script: the first layout of each picks and loads its fonts (a CJK
 * font is the largest), and one layout for all of them at once made a long task of its own.
 */
const PROBES: Array<Array<[tag: string, text: string]>> = [
  [
    ['h2', 'Warm-up'],
    ['p', 'Text, '],
    ['strong', 'bold'],
    ['em', 'italic'],
    ['code', 'code'],
  ],
  [
    ['h2', '预热'],
    ['p', '中文段落，标点。'],
    ['strong', '粗体'],
    ['td', '单元格'],
  ],
  [['p', '✅']],
];

/** Where a probe's element sits as in a reply: a table cell in a table row, code in a code block. */
const PARENTS: Record<string, string[]> = { td: ['table', 'tr'], code: ['pre'] };

function layoutProbe(nodes: Array<[tag: string, text: string]>): HTMLElement {
  const box = document.createElement('div');
  box.className = 'md';
  box.setAttribute('aria-hidden', 'true');
  box.style.cssText = 'position:absolute;left:0;top:0;width:20em;visibility:hidden;pointer-events:none';
  for (const [tag, text] of nodes) {
    let parent: HTMLElement = box;
    for (const outer of PARENTS[tag] ?? []) parent = parent.appendChild(document.createElement(outer));
    parent.appendChild(document.createElement(tag)).textContent = text;
  }
  return box;
}

/**
 * Once per page: lays out a probe invisibly inside `root`, so the element's own styles pick the fonts a reply
 * needs, then streams a small sample through the pipeline off-screen. Never throws.
 */
export async function warmUpPipeline(root: ParentNode): Promise<void> {
  if (warmed) return;
  warmed = true;
  const md = new IncrementalMarkdown(document.createElement('div'), { highlight: false });
  await runWhenIdle([
    ...PROBES.map((nodes) => () => {
      if (!(root as Node).isConnected) return;
      const probe = layoutProbe(nodes);
      root.appendChild(probe);
      void probe.offsetHeight; // style + layout now: the fonts load here, not in the first reply's frame
      probe.remove();
    }),
    ...regexSteps(),
    // As a stream would: piece by piece with a flush each (repair + tail re-render), then finish().
    ...SAMPLE.map((piece) => () => {
      md.append(piece);
      md.flush();
    }),
    () => md.finish(),
  ]);
}
