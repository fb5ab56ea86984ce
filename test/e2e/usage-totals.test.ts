// Tokens and cost in the page, end to end: replies stream through the real relay from a fake upstream that sends
// a usage chunk and lists OpenRouter-style prices at /v1/models; the element shows each reply's figures, the top
// bar the chat's total, Settings the chat's and today's; the setting hides all of it and is remembered.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { JSON_HEADERS, SSE_HEADERS, sseReply } from '../support/fake-upstream.js';
import { send, until, useFakeUpstream, usePage, waitReady, waitReply } from './harness.js';

// $0.000001 per prompt token, $0.000002 per completion token: each reply (1000 in, 500 out) costs $0.002.
const PRICED_LIST = {
  object: 'list',
  data: [{ id: 'fake-model', object: 'model', pricing: { prompt: '0.000001', completion: '0.000002' } }],
};

const fake = useFakeUpstream((received) =>
  received.path === '/v1/models'
    ? { headers: JSON_HEADERS, chunks: [JSON.stringify(PRICED_LIST)] }
    : { headers: SSE_HEADERS, chunks: sseReply(['Hello', ' world'], { prompt: 1000, completion: 500 }) },
);
// No allowlist: the relay passes the upstream's list (and its prices) through.
const app = usePage(() => ({ upstream: fake.url, apiKeys: ['sk-test'] }));

async function fresh(o: Parameters<typeof app.open>[0] = {}): Promise<Page> {
  return (await app.open({ ...o, settings: { modelTitles: false, ...o.settings } })).page;
}

async function reply(page: Page, text: string): Promise<void> {
  await send(page, text);
  await waitReply(page);
}

const chatTotal = (page: Page) => page.locator('.bar .usage-total');
const replyUsage = (page: Page) => page.locator('gpt-chat [part="usage"]');

async function openSettings(page: Page): Promise<void> {
  await page.locator('gpt-chat-sidebar button.row', { hasText: /Settings|设置/ }).click();
  await page.locator('gpt-chat-settings dialog[open]').waitFor();
}

describe('tokens and cost in the page', { timeout: 90_000 }, () => {
  it('shows each reply’s figures, the chat’s total in the top bar, and the chat’s and today’s in Settings', async () => {
    const page = await fresh();
    await reply(page, 'first');
    await reply(page, 'second');
    await until(page, () => {
      const bar = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('.usage-total');
      return bar?.textContent?.includes('$');
    });
    expect((await chatTotal(page).innerText()).trim()).toBe('This chat: 3,000 tokens · $0.004');
    expect(await replyUsage(page).allInnerTexts()).toEqual([
      'Tokens: 1,000 in · 500 out · $0.002',
      'Tokens: 1,000 in · 500 out · $0.002',
    ]);

    await page.keyboard.press('Control+Shift+O'); // a new chat
    await waitReady(page);
    await reply(page, 'third');
    await until(page, () =>
      document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('.usage-total')?.textContent?.includes('1,500'),
    );
    expect((await chatTotal(page).innerText()).trim()).toBe('This chat: 1,500 tokens · $0.002');
    expect(await chatTotal(page).getAttribute('title')).toBe('Today: 4,500 tokens · $0.006');

    await openSettings(page);
    expect((await page.locator('gpt-chat-settings [data-usage="chat"]').innerText()).trim()).toBe(
      'This chat: 1,500 tokens · $0.002',
    );
    expect((await page.locator('gpt-chat-settings [data-usage="today"]').innerText()).trim()).toBe(
      'Today: 4,500 tokens · $0.006',
    );
  });

  it('makes one /v1/models request for the page and the element (the page hands its list over)', async () => {
    const requested: string[] = [];
    const page = await fresh({
      setup: async (context) =>
        context.on('request', (r) => void (new URL(r.url()).pathname === '/v1/models' && requested.push(r.url()))),
    });
    await reply(page, 'first');
    await expect.poll(() => replyUsage(page).allInnerTexts()).toEqual(['Tokens: 1,000 in · 500 out · $0.002']);
    await reply(page, 'second');
    await expect.poll(() => replyUsage(page).count()).toBe(2);
    expect(requested).toHaveLength(1);
  });

  it('words the totals in Chinese', async () => {
    const page = await fresh({ lang: 'zh-CN' });
    await reply(page, '你好');
    await until(page, () =>
      document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('.usage-total')?.textContent?.includes('$'),
    );
    expect((await chatTotal(page).innerText()).trim()).toBe('本对话：1,500 tokens · US$0.002');
    expect(await replyUsage(page).allInnerTexts()).toEqual(['Token：输入 1,000 · 输出 500 · US$0.002']);
  });

  it('the setting hides tokens and cost everywhere, and is remembered', async () => {
    const page = await fresh();
    await reply(page, 'first');
    await replyUsage(page).first().waitFor();
    await openSettings(page);
    const toggle = page.locator('gpt-chat-settings #show-usage');
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await page.keyboard.press('Escape');
    await replyUsage(page).first().waitFor({ state: 'detached' });
    expect(await chatTotal(page).count()).toBe(0);
    expect(await page.locator('gpt-chat').evaluate((el) => (el as unknown as { showUsage: boolean }).showUsage)).toBe(
      false,
    );

    await page.reload();
    await waitReady(page);
    await page.locator('gpt-chat [part~="assistant"]').first().waitFor();
    expect(await replyUsage(page).count()).toBe(0);
    expect(await chatTotal(page).count()).toBe(0);
  });
});
