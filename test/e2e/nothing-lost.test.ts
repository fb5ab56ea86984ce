// Nothing lost (issue 5): the built <gpt-chat> on a plain host page, served by the real relay in front of a fake
// upstream, in headless Chromium. Stop, an error mid-stream, network loss mid-stream (the relay's sockets are
// killed, then it comes back) and a reload mid-stream each leave the conversation consistent: after a real
// page reload the user's message and the partial reply are there, marked as interrupted, and the reply can be
// asked for again (Retry / Regenerate) and then completes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serve } from 'h3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRelay } from '../../src/relay/index.js';
import { createFileAssets } from '../../src/relay/runtimes/shared/file-assets.js';
import { SSE_HEADERS, sseChunk, sseReply } from '../support/fake-upstream.js';
import { launchBrowser, useFakeUpstream } from './harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const WORK = resolve(ROOT, `.tmp/e2e-nothing-lost-${process.pid}`);
const PIECES = Array.from({ length: 300 }, (_, i) => `词${i} `);
const QUICK = ['Complete ', 'answer ', '完整。'];

let browser: Browser;
let relay: { url: string; port: number; close(): Promise<void> } | null = null;
/** The next request gets the quick complete reply (a retry) instead of the scenario. */
let quickNext = false;

const upstream = useFakeUpstream((received) => {
  if (quickNext) {
    quickNext = false;
    return { headers: SSE_HEADERS, chunks: sseReply(QUICK) };
  }
  const text: string = received.json?.messages?.at(-1)?.content ?? '';
  if (text.startsWith('fail')) {
    return {
      headers: SSE_HEADERS,
      chunks: [
        ...PIECES.slice(0, 20).map((p) => sseChunk(p)),
        `data: ${JSON.stringify({ error: { message: 'model overloaded', type: 'server_error', code: 'overloaded' } })}\n\n`,
      ],
      delayMs: 30,
    };
  }
  return { headers: SSE_HEADERS, chunks: sseReply(PIECES), delayMs: 40 };
});

async function startRelay(port = 0) {
  const app = createRelay({
    upstream: upstream.url,
    apiKeys: ['sk-nothing-lost'],
    rateLimit: 0,
    heartbeatSeconds: 0,
    assets: createFileAssets({ page: resolve(WORK, 'page'), widget: resolve(WORK, 'widget') }),
  });
  const server = serve(app, { port, hostname: '127.0.0.1', silent: true });
  await server.ready();
  const address = server.node!.server!.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, port: address.port, close: () => server.close(true) };
}

beforeAll(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(resolve(WORK, 'page'), { recursive: true });
  // The widget exactly as it ships (production Lit), built from the current sources into a private folder.
  execFileSync(
    resolve(ROOT, 'node_modules/.bin/vite'),
    ['build', '--outDir', resolve(WORK, 'widget'), '--emptyOutDir', '--logLevel', 'error'],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'pipe',
      timeout: 180_000,
    },
  );
  writeFileSync(
    resolve(WORK, 'page/index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title></head><body>
<script type="module" src="/gpt-chat.js"></script>
<gpt-chat style="display:block;width:520px;height:640px" endpoint="/v1/chat/completions" storage-key="nothing-lost" lang="en"></gpt-chat>
</body></html>`,
  );
  browser = await launchBrowser();
}, 240_000);

afterEach(async () => {
  await relay?.close();
  relay = null;
  quickNext = false;
});

afterAll(async () => {
  await browser?.close();
  rmSync(WORK, { recursive: true, force: true });
});

type Msg = { role: string; content: string; status?: string; stopped?: boolean };

const messages = (page: Page): Promise<Msg[]> =>
  page.evaluate(() =>
    (document.querySelector('gpt-chat') as unknown as { messages: Msg[] }).messages.map(
      ({ role, content, status, stopped }) => ({ role, content, status, stopped }),
    ),
  );

async function open(): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 800, height: 800 }, locale: 'en' });
  const page = await context.newPage();
  await page.goto(`${relay!.url}/`);
  await page.locator('gpt-chat textarea.input').waitFor({ state: 'visible', timeout: 20_000 });
  return { page, close: () => context.close() };
}

async function sendAndWaitForPartial(page: Page, text: string, minPieces = 5): Promise<void> {
  await page.locator('gpt-chat textarea.input').fill(text);
  await page.locator('gpt-chat textarea.input').press('Enter');
  await page.waitForFunction(
    (n) => {
      const last = (document.querySelector('gpt-chat') as unknown as { messages: Msg[] }).messages.at(-1);
      return last?.role === 'assistant' && last.content.split(' ').length > n;
    },
    minPieces,
    { timeout: 20_000, polling: 50 },
  );
}

/** After a reload: the user's message and the partial reply, marked interrupted, with a way to ask again. */
async function expectKeptAfterReload(page: Page, userText: string, partialAtLeast: string): Promise<void> {
  await page.reload();
  await page.locator('gpt-chat textarea.input').waitFor({ state: 'visible', timeout: 20_000 });
  const after = await messages(page);
  expect(after.map((m) => m.role)).toEqual(['user', 'assistant']);
  expect(after[0]!.content).toBe(userText);
  expect(after[1]!.status).toBe('interrupted');
  expect(after[1]!.content.startsWith(partialAtLeast)).toBe(true);
  expect(PIECES.join('').startsWith(after[1]!.content)).toBe(true);
  const reply = page.locator('gpt-chat .msg.assistant[data-status="interrupted"]');
  await expect(reply.locator('.status').first().isVisible()).resolves.toBe(true);
  await expect(reply.locator('.bubble').innerText()).resolves.toContain(partialAtLeast.trim().split(' ')[0]!);
  // Asking again works: the regenerate action replaces the partial reply with a complete one.
  quickNext = true;
  await reply.locator('button.regenerate').click();
  await page.waitForFunction(
    () => (document.querySelector('gpt-chat') as unknown as { messages: Msg[] }).messages.at(-1)?.status === 'complete',
    undefined,
    {
      timeout: 20_000,
    },
  );
  const final = await messages(page);
  expect(final.map((m) => m.role)).toEqual(['user', 'assistant']);
  expect(final[1]!.content).toBe(QUICK.join(''));
}

describe('nothing lost: the built widget through the relay, with real reloads', () => {
  it('stop mid-stream: the partial reply stays, marked stopped; after reload it is still there, interrupted, and can be regenerated', async () => {
    relay = await startRelay();
    const { page, close } = await open();
    try {
      await sendAndWaitForPartial(page, 'stop me 请停下');
      await page.locator('gpt-chat button.stop').click();
      await page.waitForFunction(
        () =>
          (document.querySelector('gpt-chat') as unknown as { messages: Msg[] }).messages.at(-1)?.status ===
          'interrupted',
      );
      const before = await messages(page);
      expect(before[1]!.stopped).toBe(true);
      expect(await page.locator('gpt-chat .status.stopped').isVisible()).toBe(true);
      await expectKeptAfterReload(page, 'stop me 请停下', before[1]!.content);
    } finally {
      await close();
    }
  });

  it('error mid-stream: the partial reply stays with the error and Retry; after reload it is still there, interrupted', async () => {
    relay = await startRelay();
    const { page, close } = await open();
    try {
      await sendAndWaitForPartial(page, 'fail me 出错');
      await page.locator('gpt-chat .notice.error button.retry').waitFor({ state: 'visible', timeout: 20_000 });
      const before = await messages(page);
      expect(before[1]!.status).toBe('interrupted');
      expect(before[1]!.content).toBe(PIECES.slice(0, 20).join(''));
      await expectKeptAfterReload(page, 'fail me 出错', before[1]!.content);
    } finally {
      await close();
    }
  });

  it('network loss mid-stream (the relay dies with the socket open): partial kept, error with Retry; relay back, reload: still there', async () => {
    relay = await startRelay();
    const { page, close } = await open();
    try {
      await sendAndWaitForPartial(page, 'cut me 断网');
      const port = relay.port;
      await relay.close();
      relay = null;
      await page.locator('gpt-chat .notice.error button.retry').waitFor({ state: 'visible', timeout: 20_000 });
      const before = await messages(page);
      expect(before[1]!.status).toBe('interrupted');
      expect(before[1]!.content.length).toBeGreaterThan(0);
      relay = await startRelay(port);
      await expectKeptAfterReload(page, 'cut me 断网', before[1]!.content);
    } finally {
      await close();
    }
  });

  it('reload mid-stream: after the reload the user message and the partial reply are there, interrupted, and can be regenerated', async () => {
    relay = await startRelay();
    const { page, close } = await open();
    try {
      await sendAndWaitForPartial(page, 'reload me 刷新', 10);
      const before = await messages(page);
      expect(before[1]!.status).toBe('streaming');
      await expectKeptAfterReload(page, 'reload me 刷新', before[1]!.content);
    } finally {
      await close();
    }
  });
});
