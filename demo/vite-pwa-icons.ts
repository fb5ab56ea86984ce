// The page's PNG app icons, rendered at build from the one SVG (demo/public/icons/icon.svg) in Chromium, so the
// sizes install prompts and iOS need always match it. The maskable and Apple icons are the same drawing shrunk into
// the maskable safe zone (the inner 80%) on a full-bleed background: launchers and iOS crop them to their own shape.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { chromium } from 'playwright-core';

const SOURCE = resolve(import.meta.dirname, 'public/icons/icon.svg');
const BACKGROUND = '#0d0d0d';

/** The PNGs: file, pixel size, drawn full-bleed for cropping, and their manifest purpose (Apple's is in index.html). */
export const PNG_ICONS = [
  { fileName: 'icons/icon-192.png', size: 192, fullBleed: false, purpose: 'any' },
  { fileName: 'icons/icon-512.png', size: 512, fullBleed: false, purpose: 'any' },
  { fileName: 'icons/maskable-512.png', size: 512, fullBleed: true, purpose: 'maskable' },
  { fileName: 'icons/apple-touch-icon.png', size: 180, fullBleed: true, purpose: null },
] as const;

/** The manifest's icons: the SVG and every PNG with a purpose. */
export const manifestIcons = () => [
  { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
  ...PNG_ICONS.flatMap(({ fileName, size, purpose }) =>
    purpose ? [{ src: fileName, sizes: `${size}x${size}`, type: 'image/png', purpose }] : [],
  ),
];

function sized(svg: string, size: number, fullBleed: boolean): string {
  const inner = svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  const body = fullBleed
    ? `<rect width="512" height="512" fill="${BACKGROUND}"/><g transform="translate(51.2 51.2) scale(0.8)">${inner}</g>`
    : inner;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="${size}" height="${size}">${body}</svg>`;
}

export function pwaIcons(): Plugin {
  return {
    name: 'gpt-chat-pwa-icons',
    apply: 'build',
    async generateBundle() {
      const svg = readFileSync(SOURCE, 'utf8').trim();
      // find-chrome.mjs is plain JS without a .d.ts (shared with the tests): imported by URL, typed here.
      const { findChrome } = (await import(new URL('../test/support/find-chrome.mjs', import.meta.url).href)) as {
        findChrome(): Promise<{ executablePath: string; args: string[] }>;
      };
      const { executablePath, args } = await findChrome();
      const browser = await chromium.launch({ executablePath, args, headless: true });
      try {
        for (const { fileName, size, fullBleed } of PNG_ICONS) {
          const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
          await page.setContent(
            `<style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized(svg, size, fullBleed)}`,
          );
          const source = await page.screenshot({ omitBackground: true, type: 'png' });
          this.emitFile({ type: 'asset', fileName, source });
          await page.close();
        }
      } finally {
        await browser.close();
      }
    },
  };
}
