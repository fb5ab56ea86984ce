// axe-core (which walks open shadow roots) finds no violations in light and dark themes, inline and
// launcher modes, with a conversation that has Markdown, code, a table, thinking and an error. Plus the
// keyboard and labelling rules axe cannot judge.
import { ok, equal } from '../assert.js';
import { $, $$, cleanup, endpoint, idle, mount, uniqueKey, waitFor } from './helpers.js';
import type { GptChat } from '../../../src/widget/index.js';

declare global {
  interface Window {
    axe: { run(context: Element, options?: object): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> }> }> };
  }
}

async function loadAxe(): Promise<void> {
  if (window.axe) return;
  await new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('axe-core did not load'));
    document.head.append(script);
  });
}

const CONTENT = [
  '# Title 标题',
  'Some **bold**, a [link](https://example.com) and `code`.',
  '',
  '| a | b |',
  '|---|---|',
  '| 1 | 2 |',
  '',
  '- [x] done',
  '- [ ] todo',
  '',
  '```js',
  'const answer = 42; // comment',
  'function f(a) { return "s" + a; }',
  '```',
].join('\n');

async function populated(attrs: Record<string, string | boolean>): Promise<GptChat> {
  const el = await mount({ endpoint: endpoint('500', uniqueKey('axe')), greeting: 'Hello! 你好', ...attrs });
  el.messages = [
    { id: 'u1', role: 'user', content: 'Show me Markdown 给我看' },
    { id: 'a1', role: 'assistant', content: CONTENT, reasoning: 'thinking about it', status: 'complete' },
    { id: 'u2', role: 'user', content: 'cut?' },
    { id: 'a2', role: 'assistant', content: 'partial', status: 'cut' },
  ];
  await el.updateComplete;
  await el.send('this fails');
  await waitFor(() => $(el, '.notice.error'), 'error notice');
  await idle(el);
  return el;
}

async function expectNoViolations(el: GptChat): Promise<void> {
  await loadAxe();
  const result = await window.axe.run(el.parentElement!, { resultTypes: ['violations'] });
  const summary = result.violations.map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n  ')}`);
  equal(summary.join('\n'), '', 'axe violations');
}

describe('<gpt-chat> accessibility', () => {
  afterEach(cleanup);

  for (const theme of ['light', 'dark']) {
    for (const mode of ['inline', 'launcher']) {
      for (const lang of ['en', 'zh-CN']) {
        it(`axe: no violations (${theme}, ${mode}, ${lang})`, async () => {
          const el = await populated({ theme, mode, lang, open: mode === 'launcher' });
          await expectNoViolations(el);
        });
      }
    }
  }

  it('axe: no violations in the closed launcher', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('closed')), mode: 'launcher', theme: 'dark' });
    await expectNoViolations(el);
  });

  it('the log is role=log and every button has an accessible name', async () => {
    const el = await populated({ mode: 'launcher', open: true });
    ok($(el, '[role="log"]'));
    for (const button of $$<HTMLButtonElement>(el, 'button')) {
      const name = button.getAttribute('aria-label') || button.textContent?.trim();
      ok(name, `unlabelled button: ${button.outerHTML.slice(0, 120)}`);
    }
  });

  it('keyboard reaches the log, message actions, the input and the send button; focus is visible', async () => {
    const el = await populated({});
    const focusables = $$<HTMLElement>(el, 'button:not([disabled]), textarea, [tabindex="0"], summary, a[href]');
    const kinds = new Set(focusables.map((n) => n.className.split(' ').find((c) => ['log', 'copy-message', 'regenerate', 'input', 'retry', 'continue', 'code-copy'].includes(c))));
    for (const k of ['log', 'copy-message', 'input', 'retry', 'continue']) ok(kinds.has(k), `${k} is focusable`);
    const retry = $<HTMLButtonElement>(el, 'button.retry')!;
    retry.focus();
    // :focus-visible after programmatic focus following no pointer interaction applies in Chromium.
    const shadow = getComputedStyle(retry).boxShadow;
    ok(shadow && shadow !== 'none', `focus ring visible (${shadow})`);
  });

  it('honours prefers-reduced-motion (no animations)', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('motion')), mode: 'launcher', open: true });
    const sheet = (el.constructor as typeof GptChat & { styles: { cssText: string } }).styles.cssText;
    ok(/prefers-reduced-motion:\s*reduce/.test(sheet));
    ok(/animation:\s*none\s*!important/.test(sheet));
  });
});
