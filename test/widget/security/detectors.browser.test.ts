// The corpus test passes only if its detectors can fail: each one is shown here catching a planted problem
// that bypasses the Markdown pipeline (nodes appended straight into a rendered message).
import '../../../src/widget/index.js';
import type { GptChat } from '../../../src/widget/index.js';
import { mount, cleanup, idle, endpoint, uniqueKey, $ } from '../_support/helpers.js';
import { installTraps, removeTraps, hits } from './_support/traps.js';
import { shadowProblems, escapes, uiFingerprint } from './_support/inspect.js';

let el: GptChat;

async function withReply(): Promise<HTMLElement> {
  el = await mount({ endpoint: endpoint('normal', uniqueKey('detect'), { reply: 'Hello.' }) });
  await el.send('hi');
  await idle(el);
  return $<HTMLElement>(el, '.msg.assistant .bubble .md')!;
}

function plant(md: HTMLElement, html: string): void {
  const t = document.createElement('template');
  t.innerHTML = html;
  md.append(t.content);
}

describe('XSS invariant detectors', () => {
  afterEach(() => cleanup());

  it('the traps record alert, fetch to another origin, sendBeacon and new Image', async () => {
    installTraps();
    try {
      hits.length = 0;
      window.alert('1');
      await window.fetch('http://127.0.0.2:9/x').catch(() => undefined);
      navigator.sendBeacon('http://127.0.0.2:9/b', 'x');
      new Image();
      const what = hits.map((h) => h.what).join(',');
      if (what !== 'alert,fetch,sendBeacon,new Image') throw new Error(`traps recorded ${what}`);
    } finally {
      removeTraps();
    }
  });

  it('finds on* attributes, javascript: and data: URLs, and forbidden elements in content', async () => {
    const md = await withReply();
    if (shadowProblems(el).length) throw new Error(`clean reply reported: ${shadowProblems(el)}`);
    plant(
      md,
      '<img src="x" onerror="void 0"><a href=" java\tscript:void(0)">a</a><a href="data:text/html,x">b</a><form></form>',
    );
    const found = shadowProblems(el).join('\n');
    for (const needle of ['onerror', 'java', 'data:', '<form> in message content']) {
      if (!found.includes(needle)) throw new Error(`missed ${needle}: ${found}`);
    }
  });

  it('finds content painting outside its message, and content clipped inside it is fine', async () => {
    const md = await withReply();
    if (escapes(el).length) throw new Error(`clean reply reported: ${escapes(el)}`);
    plant(
      md,
      '<div style="overflow:hidden;width:10px;height:10px"><div style="width:5000px;height:10px">clipped</div></div>',
    );
    if (escapes(el).length) throw new Error(`clipped content reported: ${escapes(el)}`);
    // Inside the rendered content, paint containment keeps even a fixed element in its message…
    plant(md, '<div style="position:fixed;left:0;top:0;width:50px;height:50px">over the page</div>');
    if (escapes(el).length) throw new Error(`message content is not contained: ${escapes(el)}`);
    // …next to it (no containment), the detector sees it escape.
    plant(md.parentElement!, '<div style="position:fixed;left:0;top:0;width:50px;height:50px">over the page</div>');
    if (!escapes(el).some((e) => e.includes('outside its message'))) throw new Error('missed a position:fixed overlay');
  });

  it('notices a restyled control', async () => {
    await withReply();
    const before = uiFingerprint(el);
    $(el, 'button.send')!.style.opacity = '0.5';
    if (uiFingerprint(el) === before) throw new Error('missed a restyled send button');
  });
});
