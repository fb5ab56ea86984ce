// The page a browser bench runs in: an HTML shell loading `script` (built into `outDir`), served on 127.0.0.1,
// and Chromium found the way the tests find it.
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { findChrome } from '../test/support/find-chrome.mjs';

/** Serves `outDir`'s .js files, and the shell for every other path; resolves to its URL and a close(). */
export async function serveBenchPage(outDir, script, title) {
  const page = `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title><body><script type="module" src="/${script}"></script>`;
  const server = createServer((req, res) => {
    const path = normalize(join(outDir, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (path.startsWith(outDir) && path.endsWith('.js') && existsSync(path)) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(readFileSync(path));
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/** Headless Chromium with the project's launch flags. */
export async function launchBenchBrowser() {
  const { executablePath, args } = await findChrome();
  return chromium.launch({ executablePath, args, headless: true });
}
