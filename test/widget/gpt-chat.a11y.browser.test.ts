// axe-core (which walks open shadow roots) finds no violations in light and dark themes, inline and
// launcher modes, with a conversation that has Markdown, code, a table, thinking and an error. Plus the
// keyboard and labelling rules axe cannot judge.
import { emulateMedia } from '@web/test-runner-commands';
import { ok, equal } from './_support/assert.js';
import { $, $$, animationsDone, cleanup, endpoint, idle, mount, uniqueKey, waitFor } from './_support/helpers.js';
import type { GptChat } from '../../src/widget/index.js';

declare global {
  interface Window {
    axe: {
      run(
        context: Element,
        options?: object,
      ): Promise<{
        violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> }>;
      }>;
    };
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
  const messages = [
    { id: 'u1', role: 'user' as const, content: 'Show me Markdown 给我看', createdAt: 1 },
    {
      id: 'a1',
      role: 'assistant' as const,
      content: CONTENT,
      reasoning: 'thinking about it',
      status: 'complete' as const,
      createdAt: 2,
    },
    { id: 'u2', role: 'user' as const, content: 'cut?', createdAt: 3 },
    { id: 'a2', role: 'assistant' as const, content: 'partial', status: 'cut' as const, createdAt: 4 },
  ];
  el.messages = messages;
  // A regenerated first reply: the ‹ 2/2 › versions control is on screen too.
  const [u1, a1, u2, a2] = messages;
  const earlier = { id: 'a0', role: 'assistant' as const, content: 'An earlier version', createdAt: 2 };
  el.session.setMessages(messages, {
    nodes: [
      { message: u1, parent: null, chosen: 'a1' },
      { message: earlier, parent: 'u1' },
      { message: a1, parent: 'u1' },
      { message: u2, parent: 'a1' },
      { message: a2, parent: 'u2' },
    ],
  });
  await el.updateComplete;
  ok($(el, '[part="versions"]'), 'the versions control is shown');
  await el.send('this fails');
  await waitFor(() => $(el, '.notice.error'), 'error notice');
  await idle(el);
  return el;
}

async function expectNoViolations(el: GptChat): Promise<void> {
  await loadAxe();
  await animationsDone(el);
  const result = await window.axe.run(el.parentElement!, { resultTypes: ['violations'] });
  const summary = result.violations.map(
    (v) =>
      `${v.id}: ${v.help}\n  ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n  ')}`,
  );
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

  it('axe really looks inside the shadow root (control: a deliberately broken button is reported)', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('control')) });
    const send = $<HTMLButtonElement>(el, 'button.send')!;
    send.removeAttribute('aria-label');
    send.removeAttribute('title');
    await loadAxe();
    const result = await window.axe.run(el.parentElement!, { resultTypes: ['violations'] });
    ok(
      result.violations.some((v) => v.id === 'button-name'),
      'button-name violation found',
    );
  });

  for (const theme of ['light', 'dark']) {
    it(`axe: no violations with the access-code form and while streaming (${theme})`, async () => {
      const el = await mount({ endpoint: endpoint('401', uniqueKey('axe-auth')), theme, lang: 'zh-CN' });
      await el.send('hi');
      await waitFor(() => $(el, '.notice.error input[type="password"]'), 'access code form');
      await expectNoViolations(el);
      el.endpoint = endpoint('slow', uniqueKey('axe-stream'));
      void el.send('go');
      await waitFor(() => $(el, '[data-status="streaming"] .md p'), 'streaming text');
      await expectNoViolations(el);
      el.stop();
      await idle(el);
    });
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
    const wanted = ['log', 'copy-message', 'edit-button', 'input', 'retry', 'code-copy', 'clear'];
    const kinds = new Set(focusables.flatMap((n) => n.className.split(' ').filter((c) => wanted.includes(c))));
    for (const k of wanted) ok(kinds.has(k), `${k} is focusable`);
    ok(
      focusables.every((n) => n.tabIndex >= 0),
      'nothing focusable is taken out of the tab order',
    );
    const retry = $<HTMLButtonElement>(el, 'button.retry')!;
    retry.focus();
    // :focus-visible after programmatic focus following no pointer interaction applies in Chromium.
    const shadow = getComputedStyle(retry).boxShadow;
    ok(shadow && shadow !== 'none', `focus ring visible (${shadow})`);
  });

  it('honours prefers-reduced-motion (no panel animation)', async () => {
    const plain = await mount({ endpoint: endpoint('normal', uniqueKey('motion')), mode: 'launcher', open: true });
    ok($(plain, '.panel')!.getAnimations().length > 0, 'the panel animates normally');
    cleanup();
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      const el = await mount({
        endpoint: endpoint('normal', uniqueKey('motion-reduced')),
        mode: 'launcher',
        open: true,
      });
      equal($(el, '.panel')!.getAnimations().length, 0, 'no animation with reduced motion');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });
});
