// Attachments in the page, end to end: a 12 MP photo and a text file picked in the built page go through the real
// relay to a fake upstream as OpenAI content parts (a JPEG data: URL of at most 2048 px, the file fenced under its
// name); after a reload the sent message still shows its thumbnail (the Blob was kept in IndexedDB). Screenshots
// of the composer with a thumbnail and a chip, and of the sent message, phone and desktop, light, dark, zh-CN.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SSE_HEADERS, sseReply } from '../support/fake-upstream.js';
import {
  makePagePhoto,
  pagePhotoBytes,
  SCREENSHOT_VIEWS,
  screenshotPath,
  until,
  useFakeUpstream,
  usePage,
  waitReply,
} from './harness.js';

const fake = useFakeUpstream(() => ({ chunks: sseReply(['A photo', ' of colours.']), headers: SSE_HEADERS }));
const app = usePage(() => ({ upstream: fake.url, apiKeys: ['sk-test'], models: ['fake-model'] }));

/** A width×height JPEG made by the page's own canvas, as bytes for setInputFiles. */
async function jpeg(page: Page, width: number, height: number): Promise<Buffer> {
  await makePagePhoto(page, width, height);
  return pagePhotoBytes(page);
}

/** The pixel size of an image URL as the page decodes it (img-src allows data:). */
function decodedSize(page: Page, url: string): Promise<{ width: number; height: number }> {
  return page.evaluate(
    (src) =>
      new Promise<{ width: number; height: number }>((resolve, reject) => {
        const img = new Image();
        img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
        img.onerror = reject;
        img.src = src;
      }),
    url,
  );
}

async function attach(page: Page, photo: Buffer): Promise<void> {
  await page.locator('gpt-chat input.attach-input').setInputFiles([
    { name: 'holiday.jpg', mimeType: 'image/jpeg', buffer: photo },
    { name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from('# Trip\n\n- beach\n- 山\n') },
  ]);
  await page.locator('gpt-chat .attachments.pending .attachment.image img').waitFor();
  await page.locator('gpt-chat .attachments.pending .attachment.file .tokens').waitFor();
}

describe('attachments in the page', { timeout: 120_000 }, () => {
  it('sends a photo and a file through the relay as content parts, and keeps them across a reload', async () => {
    const { page } = await app.open();
    await attach(page, await jpeg(page, 4000, 3000));
    await page.screenshot({ path: screenshotPath('attachments-composer-1280-light') });
    const from = fake.exchanges.length;
    await page.locator('gpt-chat textarea.input').fill('What is in the photo?');
    await page.locator('gpt-chat textarea.input').press('Enter');
    await waitReply(page);
    const chat = fake.exchanges.slice(from).find((e) => e.received.json?.stream === true)!;
    const content = chat.received.json.messages.at(-1).content;
    expect(content).toHaveLength(2);
    expect(content[0]).toEqual({
      type: 'text',
      text: 'What is in the photo?\n\nnotes.md\n```md\n# Trip\n\n- beach\n- 山\n```',
    });
    const url: string = content[1].image_url.url;
    expect(url.startsWith('data:image/jpeg;base64,')).toBe(true);
    expect(await decodedSize(page, url)).toEqual({ width: 2048, height: 1536 });

    // After a reload the page's IndexedDB still has the Blob: the sent thumbnail draws.
    await new Promise((r) => setTimeout(r, 500));
    await page.reload();
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')?.shadowRoot?.querySelector('gpt-chat');
      const img = el?.shadowRoot?.querySelector<HTMLImageElement>('.msg.user .attachment.image img');
      return img && img.complete && img.naturalWidth === 2048;
    });
  });

  it('screenshots: composer with a thumbnail and a chip, and the sent message (phone, desktop; light, dark, zh-CN)', async () => {
    for (const [name, o] of SCREENSHOT_VIEWS) {
      const { context, page } = await app.open(o as Parameters<typeof app.open>[0]);
      await attach(page, await jpeg(page, 1200, 900));
      await page.screenshot({ path: screenshotPath(`attachments-composer-${name}`) });
      await page.locator('gpt-chat textarea.input').fill(o.width < 500 ? 'Describe this' : 'What is in the photo?');
      await page.locator('gpt-chat textarea.input').press('Enter');
      await waitReply(page);
      await page.screenshot({ path: screenshotPath(`attachments-sent-${name}`) });
      await context.close();
    }
  });
});

/** The attachment ids the page's IndexedDB holds Blobs for (the element's blob store), sorted. */
function storedBlobIds(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const open = indexedDB.open('gpt-chat-attachments');
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('blobs')) return resolve([]);
          const req = db.transaction('blobs').objectStore('blobs').getAllKeys();
          req.onsuccess = () => resolve((req.result as string[]).slice().sort());
          req.onerror = () => resolve([]);
        };
        open.onerror = () => resolve([]);
      }),
  );
}

describe('deleting chats in the page', { timeout: 120_000 }, () => {
  it('deletes a chat’s Blobs (not those another chat names), Undo brings them back, export still has the rest', async () => {
    const { page } = await app.open();
    const file = (id: string) => ({ id, kind: 'file', name: `${id}.txt`, type: 'text/plain', size: 2, tokens: 1 });
    const user = (id: string, content: string, attachments: object[]) => ({ id, role: 'user', content, attachments });
    const reply = { id: 'a-1', role: 'assistant', content: 'Seen.' };
    // "Alpha" names `shared` and, in an earlier version of its first message, `old-version`; "Beta" names
    // `shared` too; "Gamma" names `own`.
    const chats = [
      {
        id: 'alpha',
        title: 'Alpha',
        messages: [user('u-1', 'first', [file('shared')]), reply],
        versions: {
          nodes: [
            { message: user('u-0', 'before the edit', [file('old-version')]), parent: null },
            { message: user('u-1', 'first', [file('shared')]), parent: null, chosen: 'a-1' },
            { message: reply, parent: 'u-1' },
          ],
          chosenRoot: 'u-1',
        },
      },
      { id: 'beta', title: 'Beta', messages: [user('u-2', 'second', [file('shared')])] },
      { id: 'gamma', title: 'Gamma', messages: [user('u-3', 'third', [file('own')])] },
    ];
    const text = (s: string) => `data:text/plain;base64,${Buffer.from(s).toString('base64')}`;
    const json = JSON.stringify({
      kind: 'gpt-chat/chats',
      version: 1,
      exportedAt: new Date().toISOString(),
      chats,
      blobs: { shared: text('s!'), 'old-version': text('o!'), own: text('w!') },
    });
    await page.locator('gpt-chat-sidebar button.row', { hasText: 'Settings' }).click();
    await page
      .locator('gpt-chat-settings input[data-import="chats"]')
      .setInputFiles({ name: 'chats.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await page.locator('gpt-chat-settings [data-import-result][role=status]').waitFor();
    await page.keyboard.press('Escape');
    expect(await storedBlobIds(page)).toEqual(['old-version', 'own', 'shared']);

    const remove = async (title: string) => {
      const item = page.locator('gpt-chat-sidebar li.item', { hasText: title });
      await item.hover();
      await item.locator('button[aria-label^="Delete"]').click();
    };
    const blobsBecome = async (ids: string[]) => {
      await expect.poll(() => storedBlobIds(page), { timeout: 10_000 }).toEqual(ids);
    };

    await remove('Gamma');
    await blobsBecome(['old-version', 'shared']);
    await page.locator('.toast button', { hasText: 'Undo' }).click();
    await blobsBecome(['old-version', 'own', 'shared']);
    await remove('Gamma');
    await blobsBecome(['old-version', 'shared']);

    // Alpha's own Blob (an earlier version's) goes; the one Beta also names stays.
    await remove('Alpha');
    await blobsBecome(['shared']);

    // Export still carries Beta's attachment.
    await page.locator('gpt-chat-sidebar button.row', { hasText: 'Settings' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('gpt-chat-settings button', { hasText: 'Export chats (JSON)' }).click(),
    ]);
    const { readFile } = await import('node:fs/promises');
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(exported.chats.map((c: { title: string }) => c.title)).toEqual(['Beta']);
    expect(Object.keys(exported.blobs)).toEqual(['shared']);
    expect(Buffer.from(exported.blobs.shared.split(',')[1], 'base64').toString()).toBe('s!');
    await page.keyboard.press('Escape');

    await remove('Beta');
    await blobsBecome([]);
  });
});
