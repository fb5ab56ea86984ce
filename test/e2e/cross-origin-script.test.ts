// The script tag on another origin, end to end: a blogger's page on http://localhost:P1 loads the element's built
// bundle (dist/widget) from the real relay on http://127.0.0.1:P2. Module workers must be same-origin, so the
// element starts them from a blob: shim that imports the relay's chunk (served with CORS for the page's origin):
// a 12 MP photo is resized in the worker (no main-thread long task) and a PDF's text reaches the upstream. A page
// whose CSP forbids blob: workers still gets the photo (resized on the main thread) and the PDF is refused.
// Needs `npm run build` (dist/widget).
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIAGRAMS, DIAGRAMS_REPLY } from '../support/diagrams.js';
import { SSE_HEADERS, sseReply } from '../support/fake-upstream.js';
import type { ServedRelay } from '../support/serve-relay.js';
import { tinyPdfSource } from '../support/tiny-pdf.js';
import { launchBrowser, makePagePhoto, startRelay, useFakeUpstream } from './harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
// "Draw" in the question: a reply with a diagram of each kind (test/support/diagrams.ts).
const fake = useFakeUpstream((received) => ({
  chunks: JSON.stringify(received.json?.messages ?? '').includes('Draw')
    ? sseReply([DIAGRAMS_REPLY])
    : sseReply(['Got', ' them.']),
  headers: SSE_HEADERS,
}));

let relay: ServedRelay;
let blog: Server;
let blogUrl: string;
let browser: Browser;

/** The blog's HTML: the relay's script tag and the element; `csp` (a header) when given. */
function blogPage(relayUrl: string): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>My blog</title>
<script type="module" src="${relayUrl}/gpt-chat.js"></script>
<body style="margin:0"><main style="height:700px"><gpt-chat storage="none" attachments="image file"
  endpoint="${relayUrl}/v1/chat/completions"></gpt-chat></main></body></html>`;
}

beforeAll(async () => {
  if (!existsSync(resolve(ROOT, 'dist/widget/gpt-chat.js'))) throw new Error('run `npm run build` first');
  relay = await startRelay(resolve(ROOT, 'dist/page'), { upstream: fake.url, apiKeys: ['sk-test'] });
  blog = createServer((req, res) => {
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
    // /strict: the blog's CSP allows the relay's scripts but no blob: workers.
    if (req.url === '/strict') headers['content-security-policy'] = `worker-src 'self'; script-src 'self' ${relay.url}`;
    res.writeHead(200, headers);
    res.end(blogPage(relay.url));
  });
  await new Promise<void>((r) => blog.listen(0, '127.0.0.1', r));
  const address = blog.address();
  blogUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => blog?.close(r));
  await relay?.close();
});

/** Picks window.photo in the element's file input, as a person choosing it would. */
async function pickPhoto(page: Page): Promise<void> {
  await page.evaluate(() => {
    const input = document
      .querySelector('gpt-chat')!
      .shadowRoot!.querySelector<HTMLInputElement>('input.attach-input')!;
    const files = new DataTransfer();
    files.items.add((window as unknown as { photo: File }).photo);
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** A one-page PDF whose page shows `text`. */
const tinyPdf = (text: string) => Buffer.from(tinyPdfSource(text), 'latin1');

/** Opens the blog at `path`, with long tasks recorded from the start (window.longTasks, ms). */
async function openBlog(path: string): Promise<{ page: Page; workers: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  await context.addInitScript(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.goto(blogUrl + path);
  await page.locator('gpt-chat textarea.input').waitFor();
  return { page, workers, close: () => context.close() };
}

/** The last chat request the upstream got: its user content parts. */
function lastUserParts(): Array<{ type: string; text?: string; image_url?: { url: string } }> {
  const chat = fake.exchanges.filter((e) => e.received.json?.stream === true).at(-1)!;
  return chat.received.json.messages.at(-1).content;
}

describe('the script tag on another origin', { timeout: 120_000 }, () => {
  it('resizes a 12 MP photo in a worker started from a blob: shim, and reads a PDF in pdfjs’s worker', async () => {
    const { page, workers, close } = await openBlog('/');
    expect(new URL(page.url()).origin).not.toBe(new URL(relay.url).origin);
    await makePagePhoto(page, 4000, 3000);
    await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks = []));
    await pickPhoto(page);
    await page.locator('gpt-chat .attachments.pending .attachment.image img').waitFor();
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    // The PDF after: pdfjs's first load (a lazy chunk of ~400 KB compiled here) is not part of the photo's figures.
    await page
      .locator('gpt-chat input.attach-input')
      .setInputFiles([{ name: 'notes.pdf', mimeType: 'application/pdf', buffer: tinyPdf('Cross origin PDF text') }]);
    await page.locator('gpt-chat .attachments.pending .attachment.file .tokens').waitFor();
    // Both workers ran from same-origin blob: URLs (the page's origin), importing the relay's chunks.
    expect(workers.length).toBe(2);
    for (const url of workers) expect(url.startsWith(`blob:${blogUrl}/`)).toBe(true);

    await page.locator('gpt-chat textarea.input').fill('What are these?');
    await page.locator('gpt-chat textarea.input').press('Enter');
    await page.locator('gpt-chat .msg.assistant .md', { hasText: 'Got them.' }).waitFor();
    const parts = lastUserParts();
    expect(parts[0]!.text).toContain('notes.pdf');
    expect(parts[0]!.text).toContain('Cross origin PDF text');
    const url = parts[1]!.image_url!.url;
    expect(url.startsWith('data:image/jpeg;base64,')).toBe(true);
    const size = await page.evaluate(async (src) => {
      const bitmap = await createImageBitmap(await (await fetch(src)).blob());
      return [bitmap.width, bitmap.height];
    }, url);
    expect(size).toEqual([2048, 1536]);
    // Decoding and scaling 12 MP on the main thread takes hundreds of ms; in the worker the page stays free.
    expect(
      longTasks.filter((ms) => ms >= 50),
      `long tasks while preparing: ${longTasks}`,
    ).toEqual([]);
    await close();
  });

  it('falls back when the page’s CSP forbids blob: workers: the photo is resized here, the PDF refused', async () => {
    const { page, workers, close } = await openBlog('/strict');
    await makePagePhoto(page, 2400, 1800);
    await pickPhoto(page);
    await page.locator('gpt-chat .attachments.pending .attachment.image img').waitFor();
    await page
      .locator('gpt-chat input.attach-input')
      .setInputFiles([{ name: 'notes.pdf', mimeType: 'application/pdf', buffer: tinyPdf('Never sent') }]);
    // The PDF is not added: the composer says it could not be read.
    await page.locator('gpt-chat .attach-notice').waitFor();
    expect(await page.locator('gpt-chat .attachments.pending .attachment.file').count()).toBe(0);
    expect(workers).toEqual([]);

    await page.locator('gpt-chat textarea.input').fill('And this?');
    await page.locator('gpt-chat textarea.input').press('Enter');
    await page.locator('gpt-chat .msg.assistant .md', { hasText: 'Got them.' }).waitFor();
    const parts = lastUserParts();
    expect(JSON.stringify(parts)).not.toContain('Never sent');
    expect(parts.find((p) => p.type === 'image_url')!.image_url!.url.startsWith('data:image/jpeg;base64,')).toBe(true);
    await close();
  });

  it('draws every diagram kind with the script-tag build: each Mermaid sub-chunk loads from the relay', async () => {
    const { page, close } = await openBlog('/');
    const failed: string[] = [];
    const chunks: string[] = [];
    page.on('response', (r) => {
      if (!r.url().startsWith(relay.url)) return;
      if (r.url().includes('/chunks/')) chunks.push(r.url());
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    // (The chat request itself ends aborted: the element stops reading after [DONE].)
    page.on('requestfailed', (r) => void (!r.url().includes('/v1/') && failed.push(`failed ${r.url()}`)));
    await page.locator('gpt-chat textarea.input').fill('Draw them all');
    await page.locator('gpt-chat textarea.input').press('Enter');
    await page.waitForFunction(
      (n) =>
        Array.from(document.querySelector('gpt-chat')!.shadowRoot!.querySelectorAll('.diagram')).filter((d) =>
          d.shadowRoot?.querySelector('svg'),
        ).length === n,
      DIAGRAMS.length,
      { timeout: 60_000 },
    );
    const drawn = await page.evaluate(() =>
      Array.from(document.querySelector('gpt-chat')!.shadowRoot!.querySelectorAll('.diagram')).map(
        (d) => d.shadowRoot!.querySelector('svg')!.textContent ?? '',
      ),
    );
    DIAGRAMS.forEach((d, i) => {
      for (const word of d.shows) expect(drawn[i], d.kind).toContain(word);
    });
    expect(failed).toEqual([]);
    expect(chunks.length).toBeGreaterThan(DIAGRAMS.length); // the Mermaid core and a chunk per kind at least
    await close();
  });
});
