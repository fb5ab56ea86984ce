// Versions instead of overwrites (issue 13, part 6), in the built page on the real relay: Regenerate twice keeps
// three versions behind ‹ 3/3 ›; moving between them changes what is sent upstream next; the versions survive a
// reload and an export + import into another browser profile.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SSE_HEADERS, sseReply } from '../support/fake-upstream.js';
import { send, stored, until, useFakeUpstream, usePage, waitReady, waitReply } from './harness.js';

let answered = 0;

// Every reply is numbered, so each version and each request body can be told apart.
const fake = useFakeUpstream(() => ({ headers: SSE_HEADERS, chunks: sseReply([`Answer ${++answered}`]) }));
const app = usePage(() => ({ upstream: fake.url, apiKeys: ['sk-versions-test'] }));

async function fresh(): Promise<Page> {
  return (await app.open({ settings: { modelTitles: false } })).page;
}

const count = (page: Page) => page.locator('gpt-chat .msg.assistant [part="versions"] .count').first().innerText();
const shown = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
    return el.messages.map((m: { content: string }) => m.content) as string[];
  });
/** The chat requests the upstream received (the page and the element also ask for /v1/models). */
const chatRequests = () => fake.exchanges.filter((e) => Array.isArray(e.received.json?.messages));
/** The conversation (without the system prompt) of the last chat request the upstream received. */
const lastSent = () =>
  (chatRequests().at(-1)!.received.json.messages as Array<{ role: string; content: string }>)
    .filter((m) => m.role !== 'system')
    .map((m) => m.content);

async function regenerate(page: Page, n: number): Promise<void> {
  const before = chatRequests().length;
  await page.locator('gpt-chat .msg.assistant button.regenerate').click();
  await expect.poll(() => chatRequests().length, { timeout: 20_000 }).toBeGreaterThan(before);
  await until(page, () => {
    const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
    return el.messages.at(-1)?.status === 'complete';
  });
  await page.locator('gpt-chat [part="versions"] .count', { hasText: `${n}/${n}` }).waitFor();
}

describe('versions in the page', { timeout: 90_000 }, () => {
  it('regenerate twice → 3 versions; the shown one is sent; kept on reload and through export + import', async () => {
    const page = await fresh();
    await send(page, 'question');
    await waitReply(page);
    const first = (await shown(page))[1]!;
    await regenerate(page, 2);
    await regenerate(page, 3);
    expect(await count(page)).toBe('3/3');

    // Back to the first version, with the keyboard.
    await page.locator('gpt-chat [part="versions"] button.previous').focus();
    await page.keyboard.press('Enter');
    await page.locator('gpt-chat [part="versions"] .count', { hasText: '2/3' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('gpt-chat [part="versions"] .count', { hasText: '1/3' }).waitFor();
    expect(await shown(page)).toEqual(['question', first]);

    // The next request follows the path shown.
    await send(page, 'follow-up');
    await waitReply(page);
    expect(lastSent()).toEqual(['question', first, 'follow-up']);

    // Saved: a reload shows the same version with its count.
    await expect
      .poll(async () => {
        const chats = await stored<{ versions?: { nodes: unknown[] } }>(page, 'chats');
        return chats[0]?.versions?.nodes.length;
      })
      .toBe(6);
    await page.reload();
    await waitReady(page);
    await page.locator('gpt-chat [part="versions"] .count', { hasText: '1/3' }).waitFor();
    expect((await shown(page)).slice(0, 2)).toEqual(['question', first]);

    // Exported as JSON and imported into another profile: the versions come along.
    await page.locator('gpt-chat-sidebar button.row', { hasText: 'Settings' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('gpt-chat-settings button', { hasText: 'Export chats (JSON)' }).click(),
    ]);
    const { readFile } = await import('node:fs/promises');
    const text = await readFile((await download.path())!, 'utf8');
    expect(JSON.parse(text).chats[0].versions.nodes).toHaveLength(6);
    const other = await fresh();
    await other.locator('gpt-chat-sidebar button.row', { hasText: 'Settings' }).click();
    await other
      .locator('gpt-chat-settings input[data-import="chats"]')
      .setInputFiles({ name: 'chats.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await other.locator('gpt-chat-settings [data-import-result][role=status]').waitFor();
    await other.keyboard.press('Escape');
    await other.locator('gpt-chat-sidebar li.item .open', { hasText: 'question' }).click();
    await other.locator('gpt-chat [part="versions"] .count', { hasText: '1/3' }).waitFor();
    await other.locator('gpt-chat [part="versions"] button.next').click();
    await other.locator('gpt-chat [part="versions"] .count', { hasText: '2/3' }).waitFor();
    expect((await shown(other))[1]).not.toBe(first);
  });

  it('an old chat stored as a flat list still opens', async () => {
    const page = await fresh();
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('gpt-chat-page');
          open.onsuccess = () => {
            const tx = open.result.transaction('chats', 'readwrite');
            tx.objectStore('chats').put({
              id: 'c-old',
              title: 'Old flat chat',
              personaId: 'builtin:general',
              prompt: '',
              messages: [
                { id: 'm1', role: 'user', content: 'old question', createdAt: 1 },
                { id: 'm2', role: 'assistant', content: 'old answer', status: 'complete', createdAt: 2 },
              ],
              createdAt: 1,
              updatedAt: Date.now(),
            });
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await page.reload();
    await waitReady(page);
    await page.locator('gpt-chat-sidebar li.item .open', { hasText: 'Old flat chat' }).click();
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages.length === 2;
    });
    expect(await shown(page)).toEqual(['old question', 'old answer']);
    expect(await page.locator('gpt-chat [part="versions"]').count()).toBe(0);
    await regenerate(page, 2);
    expect(lastSent()).toEqual(['old question']);
  });
});
