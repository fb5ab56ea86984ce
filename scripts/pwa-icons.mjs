// Renders the page's app icons (demo/public/icons/*.png) from their SVGs in Chromium, so the PNG sizes that
// install prompts and iOS need always match the SVG. Run after changing an SVG: `node scripts/pwa-icons.mjs`.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { findChrome } from '../test/support/find-chrome.mjs';

const dir = resolve(import.meta.dirname, '../demo/public/icons');
const renders = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['maskable.svg', 'maskable-512.png', 512],
  ['icon.svg', 'apple-touch-icon.png', 180],
];

const { executablePath, args } = await findChrome();
const browser = await chromium.launch({ executablePath, args, headless: true });
try {
  for (const [svg, png, size] of renders) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const markup = readFileSync(resolve(dir, svg), 'utf8').replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${markup}`);
    await page.screenshot({ path: resolve(dir, png), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
