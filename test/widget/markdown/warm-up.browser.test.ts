// The idle warm-up of the Markdown pipeline (src/widget/markdown/warm-up.ts). Its effect — no long task in the
// first reply's first frame — is measured by bench/render.mjs; here: what it does to the page.
import { ok, equal } from '../_support/assert.js';
import { warmUpPipeline } from '../../../src/widget/markdown/warm-up.js';

describe('warmUpPipeline', () => {
  it('lays hidden probes out inside the root, one per script, removes them, and does it once per page', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const kept = document.createElement('p');
    root.append(kept);
    const added: Element[] = [];
    const removed: Node[] = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        for (const n of Array.from(r.addedNodes)) if (n instanceof Element) added.push(n);
        removed.push(...Array.from(r.removedNodes));
      }
    });
    observer.observe(root, { childList: true });
    await warmUpPipeline(root);
    await new Promise((r) => setTimeout(r, 0)); // mutation records are delivered
    for (const r of observer.takeRecords())
      for (const n of Array.from(r.addedNodes)) if (n instanceof Element) added.push(n);
    // One probe per script (Latin, CJK, emoji): each one's first layout loads its fonts in its own idle step.
    equal(added.length, 3, 'three probes');
    for (const probe of added as HTMLElement[]) {
      ok(probe.classList.contains('md'), 'styled as a reply (.md)');
      equal(probe.getAttribute('aria-hidden'), 'true');
      equal(probe.style.visibility, 'hidden');
      equal(probe.style.position, 'absolute', 'out of the flow: nothing moves while it is there');
      ok(removed.includes(probe), 'removed again');
    }
    const [latin, cjk, emoji] = added as HTMLElement[];
    ok(latin!.querySelector('pre code') && latin!.querySelector('strong') && latin!.querySelector('em'), 'bold, code');
    ok(/^[\x00-\x7f]*$/.test(latin!.textContent ?? ''), 'Latin only');
    ok(cjk!.querySelector('table td') && /[\u4e00-\u9fff]/.test(cjk!.textContent ?? ''), 'CJK text, in a table too');
    ok(/\p{Extended_Pictographic}/u.test(emoji!.textContent ?? ''), 'an emoji');
    equal(root.childNodes.length, 1, 'the root keeps only its own content');
    equal(root.firstChild, kept);

    added.length = 0;
    await warmUpPipeline(root);
    await new Promise((r) => setTimeout(r, 0));
    equal(added.length + observer.takeRecords().length, 0, 'second call: nothing to do');
    observer.disconnect();
    host.remove();
  });
});
