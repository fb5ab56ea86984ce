// Shared set-up for the page's end-to-end tests: builds the page from the current sources into .tmp/, serves it
// from the real relay (createRelay through h3's Node server, with the relay's own file assets), and drives one
// headless Chromium per test file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createFileAssets } from '../../src/relay/runtimes/shared/file-assets.js';
import type { RelayOptions } from '../../src/relay/settings/options.js';
import { serveRelay, type ServedRelay } from '../support/serve-relay.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';

const ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOT_DIR = resolve(ROOT, 'test-results/screenshots');

let built: string | null = null;

/** Builds the page (vite --mode page) once per process into a private folder, so a test never sees a stale dist/. */
export function buildPage(): string {
  if (built) return built;
  const outDir = resolve(ROOT, `.tmp/e2e-page-${process.pid}`);
  execFileSync(
    resolve(ROOT, 'node_modules/.bin/vite'),
    ['build', '--mode', 'page', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
    {
      cwd: ROOT,
      // vitest sets NODE_ENV=test, which would make Vite resolve Lit's development build: test what ships.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'pipe',
      timeout: 180_000,
    },
  );
  if (!existsSync(resolve(outDir, 'index.html'))) throw new Error(`page build produced no index.html in ${outDir}`);
  built = outDir;
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  return outDir;
}

/** The real relay serving the freshly built page at `/`. */
export function startRelay(pageDir: string, options: RelayOptions = {}): Promise<ServedRelay> {
  return serveRelay({
    assets: createFileAssets({ page: pageDir, widget: resolve(ROOT, 'dist/widget') }),
    rateLimit: 0,
    ...options,
  });
}

type FindChrome = () => Promise<{ executablePath: string; args: string[] }>;

export async function launchBrowser(): Promise<Browser> {
  // find-chrome.mjs is plain JS without a .d.ts: import it by URL and give it its documented type.
  const { findChrome } = (await import(new URL('../support/find-chrome.mjs', import.meta.url).href)) as {
    findChrome: FindChrome;
  };
  const { executablePath, args } = await findChrome();
  return chromium.launch({ executablePath, args, headless: true });
}

export interface PageOptions {
  width?: number;
  height?: number;
  theme?: 'light' | 'dark';
  lang?: 'en' | 'zh-CN';
  /** Saved settings to start with (written to localStorage before the page loads). */
  settings?: Record<string, unknown>;
  /** Runs on the new context before the page loads (routes, init scripts). */
  setup?: (context: BrowserContext) => Promise<unknown>;
}

/** A fresh context (empty IndexedDB/localStorage) with the page loaded and its app ready. */
export async function openPage(
  browser: Browser,
  url: string,
  o: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: o.width ?? 1280, height: o.height ?? 800 },
    colorScheme: o.theme ?? 'light',
    locale: o.lang ?? 'en',
    deviceScaleFactor: 1,
    hasTouch: (o.width ?? 1280) < 600,
    isMobile: false,
  });
  const settings = { lang: o.lang ?? 'en', theme: o.theme ?? 'light', ...o.settings };
  await context.addInitScript((s) => {
    // Only on the first load of this context: later reloads must see what the page itself saved.
    if (!sessionStorage.getItem('e2e-seeded')) {
      localStorage.setItem('gpt-chat-page:settings', JSON.stringify(s));
      sessionStorage.setItem('e2e-seeded', '1');
    }
  }, settings);
  await o.setup?.(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await waitReady(page);
  return { context, page, errors };
}

export async function waitReady(page: Page): Promise<void> {
  await page.locator('gpt-chat textarea').first().waitFor({ state: 'visible', timeout: 20_000 });
}

/** Types into the element's input and sends with Enter. */
export async function send(page: Page, text: string): Promise<void> {
  const input = page.locator('gpt-chat textarea.input');
  await input.fill(text);
  await input.press('Enter');
}

/** Messages as the page's element holds them (its public `messages` property). */
export function messages(page: Page): Promise<Array<{ role: string; content: string; status?: string }>> {
  return page.evaluate(() => {
    const app = document.querySelector('gpt-chat-app')!;
    const el = app.shadowRoot!.querySelector('gpt-chat') as unknown as {
      messages: Array<{ role: string; content: string; status?: string }>;
    };
    return el.messages.map(({ role, content, status }) => ({ role, content, status }));
  });
}

/** Waits until the element holds a finished (not streaming) reply as its last message. */
export async function waitReply(page: Page, timeout = 30_000): Promise<void> {
  await until(
    page,
    () => {
      const el = document.querySelector('gpt-chat-app')?.shadowRoot?.querySelector('gpt-chat') as unknown as {
        messages: Array<{ role: string; content: string; status?: string }>;
      } | null;
      const last = el?.messages.at(-1);
      return last?.role === 'assistant' && last.content.length > 0 && last.status !== 'streaming';
    },
    timeout,
  );
}

/** Waits until `check` (run in the page) is truthy. */
export async function until(page: Page, check: () => unknown, timeout = 20_000): Promise<void> {
  await page.waitForFunction(check, undefined, { timeout, polling: 50 });
}

/**
 * What the page has committed to IndexedDB in `bucket` (chats or personas), read in the page. A reload right after
 * a click may beat the write's commit (the browser may drop a transaction still running when the page unloads),
 * so tests that check what survives a reload first wait for the store to have it, as a person's reload would.
 */
export function stored<T>(page: Page, bucket: 'chats' | 'personas'): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve) => {
        const open = indexedDB.open('gpt-chat-page');
        open.onsuccess = () => {
          const req = open.result.transaction(name).objectStore(name).getAll();
          req.onsuccess = () => resolve(req.result as T[]);
          req.onerror = () => resolve([]);
        };
        open.onerror = () => resolve([]);
      }),
    bucket,
  );
}

/** Waits until the sidebar's shadow root holds `count` elements that match `selector`. */
export async function untilSidebarShows(page: Page, selector: string, count: number, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    ([sel, n]) =>
      document
        .querySelector('gpt-chat-app')
        ?.shadowRoot?.querySelector('gpt-chat-sidebar')
        ?.shadowRoot?.querySelectorAll(sel as string).length === n,
    [selector, count] as const,
    { timeout, polling: 50 },
  );
}

/** "Chat one" and then, in a new chat (Ctrl+Shift+O), "Chat two", each with its reply. */
export async function openTwoChats(page: Page): Promise<void> {
  await send(page, 'Chat one');
  await waitReply(page);
  await page.keyboard.press('Control+Shift+O');
  await send(page, 'Chat two');
  await waitReply(page);
}

/** Titles in the sidebar, top to bottom. */
export function chatTitles(page: Page): Promise<string[]> {
  return page.locator('gpt-chat-sidebar li.item .title').allInnerTexts();
}

/**
 * Makes a width×height JPEG (a gradient) with the page's own canvas and keeps it as `window.photo`, so handing it to
 * the element later costs the page nothing (setInputFiles decodes its bytes on the page's main thread).
 */
export async function makePagePhoto(page: Page, width: number, height: number): Promise<void> {
  await page.evaluate(
    async ([w, h]) => {
      const canvas = new OffscreenCanvas(w!, h!);
      const ctx = canvas.getContext('2d')!;
      const g = ctx.createLinearGradient(0, 0, w!, h!);
      g.addColorStop(0, '#2b6cb0');
      g.addColorStop(1, '#f6ad55');
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, w!, h!);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg' });
      (window as unknown as { photo: File }).photo = new File([blob], 'photo.jpg', { type: 'image/jpeg' });
    },
    [width, height],
  );
}

/** The bytes of `window.photo` (see makePagePhoto), for setInputFiles. */
export async function pagePhotoBytes(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const bytes = new Uint8Array(await (window as unknown as { photo: File }).photo.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  });
  return Buffer.from(base64, 'base64');
}

/** The viewports and variants every UI part is looked at in: phone and desktop, light, dark and zh-CN. */
export const SCREENSHOT_VIEWS = [
  ['390-light', { width: 390, height: 844 }],
  ['1440-light', { width: 1440, height: 900 }],
  ['390-dark', { width: 390, height: 844, theme: 'dark' }],
  ['1440-dark', { width: 1440, height: 900, theme: 'dark' }],
  ['390-zh', { width: 390, height: 844, lang: 'zh-CN' }],
  ['1440-zh', { width: 1440, height: 900, lang: 'zh-CN' }],
] as const;

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return resolve(SCREENSHOT_DIR, `${name}.png`);
}

/** Runs axe-core on the page (it walks open shadow roots) and returns the violations. */
export async function axe(
  page: Page,
): Promise<
  Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> }>
> {
  // Evaluated over the DevTools protocol rather than added as a <script>: the page's CSP allows no inline script.
  await page.evaluate(readFileSync(resolve(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const result = await (
      window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: any[] }> } }
    ).axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

type RelayOptionsFor = RelayOptions | (() => RelayOptions);

/**
 * Another relay serving the built page, for a whole test file (started before the tests and before a `usePage`
 * declared after it, whose options can then read its `url`; closed after them).
 */
export function useRelay(options: RelayOptionsFor = {}, pageDir: () => string = buildPage): ServedRelay {
  let relay: ServedRelay | undefined;
  beforeAll(async () => {
    relay = await startRelay(pageDir(), typeof options === 'function' ? options() : options);
  }, 240_000);
  afterAll(async () => {
    await relay?.close();
  });
  return {
    get url() {
      return relay!.url;
    },
    close: () => relay!.close(),
  };
}

/**
 * The built page on a relay with `options` and one browser, for a whole test file: started before its tests and
 * closed after them; `open` gives a fresh context with the page loaded (closed with the rest), from this relay or
 * from `url` (another relay, see useRelay). `pageDir` gives the page's files (default: the fresh build).
 */
export function usePage(
  options: RelayOptionsFor = {},
  pageDir?: () => string,
): {
  readonly relay: ServedRelay;
  readonly browser: Browser;
  open(o?: PageOptions & { url?: string }): ReturnType<typeof openPage>;
  /** Closed with the browser, after the file's tests (a context or server a test made). */
  closeLater(close: () => Promise<unknown>): void;
} {
  let browser: Browser | undefined;
  const relay = useRelay(options, pageDir);
  const closers: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    for (const close of closers.splice(0)) await close().catch(() => {});
    await browser?.close();
  });
  return {
    relay,
    get browser() {
      return browser!;
    },
    async open({ url = relay.url, ...o } = {}) {
      const opened = await openPage(browser!, url, o);
      closers.push(() => opened.context.close());
      return opened;
    },
    closeLater(close) {
      closers.push(close);
    },
  };
}

/**
 * A fake upstream for a whole test file, started before the tests (and before a `usePage` declared after it, whose
 * options can then read its `url`) and closed after them.
 */
export function useFakeUpstream(...reply: Parameters<typeof startFakeUpstream>): FakeUpstream {
  let fake: FakeUpstream | undefined;
  beforeAll(async () => {
    fake = await startFakeUpstream(...reply);
  });
  afterAll(async () => {
    await fake?.close();
  });
  // The upstream's methods and fields, read when a test runs (after beforeAll has started it).
  return new Proxy({} as FakeUpstream, {
    get: (_, key) => {
      const value = Reflect.get(fake!, key);
      return typeof value === 'function' ? value.bind(fake) : value;
    },
  });
}
