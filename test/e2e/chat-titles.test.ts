// Chat titles from the model, end to end: after a chat's first reply the page sends one small non-streaming title
// request through the real relay to a fake upstream, and the chat list shows the cleaned answer; with the setting
// off, on an upstream error, after a rename, and on later replies, the page keeps the first-words title.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  JSON_HEADERS,
  SSE_HEADERS,
  completionJson,
  sseReply,
  type Exchange,
  type Reply,
} from '../support/fake-upstream.js';
import { chatTitles, screenshotPath, send, stored, until, useFakeUpstream, usePage, waitReply } from './harness.js';

/** A title request: the page's own non-streaming call (the element always streams). */
const isTitle = (e: Exchange) => e.received.json?.stream !== true && /title/i.test(JSON.stringify(e.received.json));

/** How the fake upstream answers title requests in the current test (chat requests always stream "Hello world"). */
let titleReply: Reply = { status: 200, headers: JSON_HEADERS, body: completionJson('"Greeting the world."') };

const fake = useFakeUpstream((received) =>
  received.json?.stream === true ? { chunks: sseReply(['Hello', ' world']), headers: SSE_HEADERS } : titleReply,
);
const app = usePage(() => ({ upstream: fake.url, apiKeys: ['sk-test'], models: ['fake-model'] }));

async function fresh(o: Parameters<typeof app.open>[0] = {}): Promise<Page> {
  return (await app.open(o)).page;
}

/** Title requests that arrived since exchange `from`. */
const titlesSince = (from: number) => fake.exchanges.slice(from).filter(isTitle);

/** Gives a title request that should not come time to arrive (it is sent right after the reply). */
const settle = () => new Promise((r) => setTimeout(r, 600));

describe('chat titles from the model', { timeout: 60_000 }, () => {
  it('asks once, with a small budget, and shows the cleaned title', async () => {
    titleReply = { status: 200, headers: JSON_HEADERS, body: completionJson('"Greeting the world."') };
    const page = await fresh();
    const n = fake.exchanges.length;
    await send(page, 'Say hello to everyone in the room please');
    await waitReply(page);
    await page.locator('gpt-chat-sidebar li.item .title', { hasText: 'Greeting the world' }).waitFor();
    expect(await chatTitles(page)).toEqual(['Greeting the world']);
    const [req, ...more] = titlesSince(n);
    expect(more).toEqual([]);
    const body = req!.received.json;
    expect(body.stream).toBe(false);
    expect(body.model).toBe('fake-model');
    expect(body.max_tokens ?? body.max_completion_tokens).toBeLessThanOrEqual(24);
    expect(JSON.stringify(body.messages)).toContain('Say hello to everyone in the room please');
    expect(JSON.stringify(body.messages)).toContain('Hello world');
    // Saved: the title is in the store.
    await until(page, () => true);
    await new Promise((r) => setTimeout(r, 300));
    const saved = await stored<{ title: string }>(page, 'chats');
    expect(saved.map((c) => c.title)).toEqual(['Greeting the world']);

    // A second reply in the same chat asks nothing more.
    await send(page, 'And again');
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages.length === 4 && el.messages.at(-1).status !== 'streaming';
    });
    await settle();
    expect(titlesSince(n)).toHaveLength(1);
    expect(await chatTitles(page)).toEqual(['Greeting the world']);

    for (const [name, o] of [
      ['titles-390-light', { width: 390, height: 844 }],
      ['titles-1440-light', { width: 1440, height: 900 }],
    ] as const) {
      await page.setViewportSize({ width: o.width, height: o.height });
      if (o.width < 768) await openDrawer(page);
      await page.screenshot({ path: screenshotPath(name) });
      if (o.width < 768) await page.keyboard.press('Escape');
    }
  });

  it('with the setting off, sends no title request and keeps the first words', async () => {
    const page = await fresh({ settings: { modelTitles: false } });
    const n = fake.exchanges.length;
    await send(page, 'No model title for this one');
    await waitReply(page);
    await settle();
    expect(titlesSince(n)).toEqual([]);
    expect(await chatTitles(page)).toEqual(['No model title for this one']);
  });

  it('keeps the first words when the title request fails or answers with no title', async () => {
    for (const reply of [
      { status: 500, headers: JSON_HEADERS, body: JSON.stringify({ error: { message: 'boom' } }) },
      { status: 200, headers: JSON_HEADERS, body: completionJson('') },
      // A long multi-line answer (like the demo model's showcase) is not a title.
      { status: 200, headers: JSON_HEADERS, body: completionJson('# Hello\n\nA long showcase\n\n| a | b |') },
    ]) {
      titleReply = reply;
      const page = await fresh();
      const n = fake.exchanges.length;
      await send(page, 'Keep my first words');
      await waitReply(page);
      await fake.waitForRequests(n + 2);
      await settle();
      expect(titlesSince(n)).toHaveLength(1);
      expect(await chatTitles(page)).toEqual(['Keep my first words']);
    }
  });

  it('never overwrites a title the user gave', async () => {
    // The title answer comes late: the user renames the chat meanwhile.
    titleReply = {
      status: 200,
      headers: JSON_HEADERS,
      body: completionJson('Model title'),
      stallBeforeHeadersMs: 1500,
    };
    const page = await fresh();
    const n = fake.exchanges.length;
    await send(page, 'Rename me');
    await waitReply(page);
    await page.locator('gpt-chat-sidebar li.item').first().hover();
    await page.locator('gpt-chat-sidebar li.item button[aria-label^="Rename"]').first().click();
    const input = page.locator('gpt-chat-sidebar input.rename');
    await input.fill('My own name');
    await input.press('Enter');
    expect(await chatTitles(page)).toEqual(['My own name']);
    await fake.waitForRequests(n + 2);
    await new Promise((r) => setTimeout(r, 2000));
    expect(titlesSince(n)).toHaveLength(1);
    expect(await chatTitles(page)).toEqual(['My own name']);
  });

  it('shows model titles in dark and zh-CN', async () => {
    titleReply = { status: 200, headers: JSON_HEADERS, body: completionJson('**向世界问好**。') };
    for (const [name, o] of [
      ['titles-390-dark', { width: 390, height: 844, theme: 'dark' }],
      ['titles-1440-dark', { width: 1440, height: 900, theme: 'dark' }],
      ['titles-390-zh', { width: 390, height: 844, lang: 'zh-CN' }],
      ['titles-1440-zh', { width: 1440, height: 900, lang: 'zh-CN' }],
    ] as const) {
      const page = await fresh(o);
      await send(page, '请向大家问好');
      await waitReply(page);
      await page.locator('gpt-chat-sidebar li.item .title', { hasText: '向世界问好' }).waitFor();
      expect(await chatTitles(page)).toEqual(['向世界问好']);
      if (o.width < 768) await openDrawer(page);
      await page.screenshot({ path: screenshotPath(name) });
    }
  });
});

/** Opens the phone drawer and lets its slide-in finish, so the screenshot shows the list. */
async function openDrawer(page: Page): Promise<void> {
  await page.locator('.bar button').first().click();
  await page.locator('gpt-chat-sidebar li.item').first().waitFor();
  await new Promise((r) => setTimeout(r, 600));
}
