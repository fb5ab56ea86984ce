// The page as an installed app: the manifest and icons, a service worker that serves the page and every chat
// offline after one visit, an "offline" banner instead of a bare failure, and a new version offered, not forced.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPage, chatTitles, send, usePage, waitReady, waitReply } from './harness.js';

let pageDir = '';
// A copy of the build, so the test can deploy a "new version" of the service worker under the running relay.
const app = usePage({ demoDelayMs: 0 }, () => {
  pageDir = mkdtempSync(join(tmpdir(), 'gpt-chat-pwa-'));
  cpSync(buildPage(), pageDir, { recursive: true });
  return pageDir;
});
const relay = app.relay;
afterAll(() => {
  if (pageDir) rmSync(pageDir, { recursive: true, force: true });
});

/** "WxH" from a PNG's IHDR chunk (signature, length, "IHDR", then width and height as big-endian 32-bit). */
function pngSize(png: Buffer): string {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
}

const banner = (kind: string) => `gpt-chat-pwa-banners [data-banner=${kind}]`;

describe('installable page', () => {
  it('serves a manifest with standalone display, SVG and PNG icons, and the service worker uncached', async () => {
    const manifest = await (await fetch(`${relay.url}/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({ name: 'gpt-chat', display: 'standalone', start_url: './' });
    const types = manifest.icons.map((icon: { type: string; sizes: string }) => `${icon.type} ${icon.sizes}`);
    expect(types).toEqual(expect.arrayContaining(['image/svg+xml any', 'image/png 192x192', 'image/png 512x512']));
    expect(manifest.icons).toContainEqual(expect.objectContaining({ sizes: '512x512', purpose: 'maskable' }));
    // The PNGs are rendered by the build from the one SVG: each exists with the pixel size the manifest names.
    for (const icon of manifest.icons) {
      const response = await fetch(`${relay.url}/${icon.src}`);
      expect(response.status).toBe(200);
      if (icon.type !== 'image/png') continue;
      expect(pngSize(Buffer.from(await response.arrayBuffer()))).toBe(icon.sizes);
    }
    const html = await (await fetch(`${relay.url}/`)).text();
    const apple = /<link rel="apple-touch-icon" href="\.\/([^"]+)"/.exec(html)?.[1];
    expect(apple).toBe('icons/apple-touch-icon.png');
    expect(pngSize(Buffer.from(await (await fetch(`${relay.url}/${apple}`)).arrayBuffer()))).toBe('180x180');
    const sw = await fetch(`${relay.url}/sw.js`);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(sw.headers.get('content-type')).toMatch(/javascript/);
    // Every built file (lazy chunks included) is precached, so nothing the page loads later fails offline.
    const precached = await sw.text();
    for (const file of readdirSync(join(pageDir, 'assets'))) expect(precached).toContain(`assets/${file}`);
    expect(html).toContain('rel="manifest"');
  });

  it('opens offline after one visit with every chat, and says "offline" when a message is sent', async () => {
    const { context, page } = await app.open({ width: 390, height: 844 });
    await send(page, 'Saved before going offline');
    await waitReply(page);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await context.setOffline(true);
    await page.reload();
    await waitReady(page);
    expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await page.locator('.bar button[aria-label="Open sidebar"]').click();
    await expect.poll(() => chatTitles(page)).toHaveLength(1);
    await page.keyboard.press('Escape');
    await page.locator(banner('offline')).waitFor();
    expect(await page.locator(banner('offline')).innerText()).toMatch(/^Offline/);
    await send(page, 'Sent without a network');
    await page.locator('gpt-chat .msg', { hasText: 'Sent without a network' }).first().waitFor();
    await context.setOffline(false);
    await page.locator(banner('offline')).waitFor({ state: 'detached' });
    await context.close();
  }, 120_000);

  it('offers a new version as "Update available — Reload" and reloads only when asked', async () => {
    const { context, page } = await app.open({ width: 1440, height: 900 });
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await waitReady(page);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    // Deploy: the service worker's bytes change, the page checks (as it does on focus and hourly).
    const swFile = join(pageDir, 'sw.js');
    writeFileSync(swFile, readFileSync(swFile, 'utf8') + '\n// next deploy\n');
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    await page.locator(banner('update')).waitFor({ timeout: 30_000 });
    expect(await page.locator(banner('update')).innerText()).toContain('Update available');
    // Not forced: the page is still the same document.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await Promise.all([page.waitForEvent('load'), page.locator(`${banner('update')} button`).click()]);
    await waitReady(page);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBeUndefined();
    await context.close();
  }, 120_000);
});
