// Diagrams in the page build, end to end: a reply with a diagram of each kind Mermaid draws beyond flowcharts and
// sequences (class, state, ER, gantt, pie, mindmap; test/support/diagrams.ts) streams through the real relay;
// each kind's sub-chunk loads from the page's own build and every diagram is drawn. Screenshots (phone and
// desktop; light, dark, zh-CN) go to /work/shots/rich/ as well as test-results/.
import { copyFileSync, mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DIAGRAMS, DIAGRAMS_REPLY } from '../support/diagrams.js';
import { SSE_HEADERS, sseReply } from '../support/fake-upstream.js';
import { SCREENSHOT_VIEWS, screenshotPath, send, useFakeUpstream, usePage, waitReply } from './harness.js';

// A formula first: KaTeX's layout is inline styles, which the page's CSP (style-src 'self') refuses as attributes.
const FORMULA = 'Formula: $$\\frac{a+b}{c_1}$$\n\n';
const fake = useFakeUpstream(() => ({ chunks: sseReply([FORMULA + DIAGRAMS_REPLY]), headers: SSE_HEADERS }));
const app = usePage(() => ({ upstream: fake.url, apiKeys: ['sk-test'], models: ['fake-model'] }));

const SHOTS = process.env.SHOTS_DIR;

/** Waits until every diagram of the reply is drawn; returns their SVG texts. */
async function drawn(page: Page): Promise<string[]> {
  const svgs = () => {
    const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat')!;
    return Array.from(el.shadowRoot!.querySelectorAll('.diagram'))
      .map((d) => d.shadowRoot?.querySelector('svg')?.textContent ?? null)
      .filter((t) => t !== null);
  };
  await page.waitForFunction((n) => {
    const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat')!;
    return (
      Array.from(el.shadowRoot!.querySelectorAll('.diagram')).filter((d) => d.shadowRoot?.querySelector('svg'))
        .length === n
    );
  }, DIAGRAMS.length);
  return page.evaluate(svgs);
}

describe('diagrams in the page', { timeout: 300_000 }, () => {
  it('draws every diagram kind; each sub-chunk loads from the page build', async () => {
    const { page, errors } = await app.open();
    const failed: string[] = [];
    page.on('response', (r) => void (r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`)));
    page.on('requestfailed', (r) => void (!r.url().includes('/v1/') && failed.push(`failed ${r.url()}`)));
    await send(page, 'Draw them all');
    await waitReply(page);
    const texts = await drawn(page);
    DIAGRAMS.forEach((d, i) => {
      for (const word of d.shows) expect(texts[i], d.kind).toContain(word);
    });
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
    // Mermaid's styles apply under the page's CSP (style-src 'self', no inline <style>): themed, not black.
    const fills = await page.evaluate(() => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat')!;
      const roots = Array.from(el.shadowRoot!.querySelectorAll('.diagram'), (d) => d.shadowRoot!);
      const fill = (selector: string) => {
        const shape = roots.map((r) => r.querySelector(selector)).find(Boolean);
        return shape ? getComputedStyle(shape).fill : 'missing';
      };
      return [fill('rect.task'), fill('g.mindmap-node circle')];
    });
    for (const fill of fills) expect(['rgb(0, 0, 0)', 'missing']).not.toContain(fill);
    // Inline styles under that CSP: the pie's legend keys in their slices' colours, the fraction on two levels.
    const styled = await page.evaluate(() => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat')!;
      const pie = Array.from(el.shadowRoot!.querySelectorAll('.diagram'), (d) => d.shadowRoot!).find((r) =>
        r.querySelector('path.pieCircle'),
      )!;
      const fills = (selector: string) => Array.from(pie.querySelectorAll(selector), (n) => getComputedStyle(n).fill);
      const levels = Array.from(el.shadowRoot!.querySelectorAll('.mfrac .vlist > span'))
        .filter((n) => /[abc]/.test(n.textContent ?? ''))
        .map((n) => Math.round(n.getBoundingClientRect().top));
      return { slices: fills('path.pieCircle'), keys: fills('.legend rect'), levels };
    });
    expect(styled.keys).toEqual(styled.slices);
    expect(new Set(styled.levels).size).toBe(2);
  });

  it('screenshots: the diagrams at 390×844 and 1440×900, light, dark and zh-CN', async () => {
    for (const [name, o] of SCREENSHOT_VIEWS) {
      const { context, page } = await app.open(o as Parameters<typeof app.open>[0]);
      await send(page, o.width < 500 ? 'Draw' : 'Draw them all');
      await waitReply(page);
      await drawn(page);
      // Scroll the pie and mindmap (the last two) into view too: two shots per size.
      for (const [i, part] of [
        [0, 'class'],
        [DIAGRAMS.length - 2, 'pie'],
      ] as const) {
        await page.evaluate((n) => {
          const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat')!;
          el.shadowRoot!.querySelectorAll('.diagram')[n]!.scrollIntoView({ block: 'start' });
        }, i);
        await page.waitForTimeout(200);
        const path = screenshotPath(`diagrams-${part}-${name}`);
        await page.screenshot({ path });
        if (SHOTS) {
          mkdirSync(SHOTS, { recursive: true });
          copyFileSync(path, `${SHOTS}/diagrams-${part}-${name}.png`);
        }
      }
      await context.close();
    }
  });
});
