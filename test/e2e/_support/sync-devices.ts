// Two browser contexts as two devices for the sync end-to-end tests (file store and workerd): Settings → Sync,
// turning sync on, one sync now, and what a chat holds in the page's store.
import { expect } from 'vitest';
import { send, stored, waitReply } from '../harness.js';

export const PASSPHRASE = 'correct horse battery staple';

export type AnyPage = import('playwright-core').Page;
export type StoredMessage = { id: string; role: string; content: string };
export type StoredChat = {
  id: string;
  title: string;
  messages: StoredMessage[];
  versions?: { nodes: { message: StoredMessage; parent: string | null }[] };
  deletedMessages?: Record<string, { at: number; restored?: boolean }>;
};

export async function openSettings(page: AnyPage, phone: boolean): Promise<void> {
  if (phone) await page.locator('.bar button[aria-label="Open sidebar"]').click();
  await page.locator('gpt-chat-sidebar button.row', { hasText: 'Settings' }).click();
  await page.locator('gpt-chat-settings dialog[open]').waitFor();
}

export async function turnOn(page: AnyPage, passphrase = PASSPHRASE): Promise<void> {
  await page.locator('gpt-chat-sync-section #sync-passphrase').fill(passphrase);
  await page.locator('gpt-chat-sync-section button[type=submit]').click();
}

/** Runs one sync now (the "Sync now" button's action) and waits for it. */
export function syncNow(page: AnyPage): Promise<void> {
  return page.evaluate(async () => {
    const app = document.querySelector('gpt-chat-app') as unknown as { sync: { sync(): Promise<void> } };
    await app.sync.sync();
  });
}

/** Every message a chat holds, shown or kept as another version. */
export const allMessages = (chat: StoredChat): StoredMessage[] =>
  chat.versions ? chat.versions.nodes.map((n) => n.message) : chat.messages;
export const contents = (chats: StoredChat[]) => chats.flatMap((c) => c.messages.map((m) => m.content)).sort();
export const summary = (chats: StoredChat[]) =>
  chats
    .map((c) => ({ id: c.id, title: c.title, ids: c.messages.map((m) => m.id), all: allMessages(c).map((m) => m.id) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

/** Regenerates the shown chat's last reply and waits until the new version is complete. */
export async function regenerate(page: AnyPage): Promise<void> {
  const count = page.locator('gpt-chat .msg.assistant [part="versions"] .count');
  const before = (await count.count()) ? (await count.last().innerText()).split('/')[1] : '1';
  await page.locator('gpt-chat .msg.assistant button.regenerate').last().click();
  const n = Number(before) + 1;
  await count
    .filter({ hasText: `${n}/${n}` })
    .last()
    .waitFor({ timeout: 30_000 });
  await waitReply(page);
}

/** Sends a long message on a device whose space is nearly full: sync says "full" and the chat stays on the device. */
export async function expectQuotaKeepsChat(page: AnyPage): Promise<void> {
  await send(page, 'Long text '.repeat(800));
  await waitReply(page);
  await syncNow(page);
  await openSettings(page, false);
  const error = page.locator('gpt-chat-sync-section [data-sync-error=quota]');
  await error.waitFor();
  expect(await error.innerText()).toContain('full');
  await expect
    .poll(async () => contents(await stored<StoredChat>(page, 'chats')).join())
    .toContain('Long text Long text');
}
