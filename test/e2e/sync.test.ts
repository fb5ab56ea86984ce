// Sync end to end: two browser contexts as two devices (a phone at 390×844 and a desktop) against the real relay
// with a file sync store. Both change chats, one offline; once both are online they hold the same chats and every
// message; the relay's files hold no plaintext; a wrong passphrase changes nothing; a full quota says so and
// keeps everything locally.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileSyncStore } from '../../src/relay/stores/sync-files.js';
import { chatTitles, send, stored, usePage, waitReply } from './harness.js';

const TOKEN = 'tok-e2e-sync-0123456789';
const PASSPHRASE = 'correct horse battery staple';
const dir = mkdtempSync(join(tmpdir(), 'gpt-chat-e2e-sync-'));
const smallDir = mkdtempSync(join(tmpdir(), 'gpt-chat-e2e-sync-small-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(smallDir, { recursive: true, force: true });
});

const site = usePage({ accessTokens: [TOKEN], syncStore: createFileSyncStore(dir), demoDelayMs: 0 });

type AnyPage = import('playwright-core').Page;
type StoredChat = { id: string; title: string; messages: { id: string; role: string; content: string }[] };

function openDevice(kind: 'phone' | 'desktop', relay = site) {
  const size = kind === 'phone' ? { width: 390, height: 844 } : { width: 1440, height: 900 };
  return relay.open({ ...size, settings: { accessCodes: { [relay.relay.url]: TOKEN }, modelTitles: false } });
}

async function openSettings(page: AnyPage, phone: boolean): Promise<void> {
  if (phone) await page.locator('.bar button[aria-label="Open sidebar"]').click();
  await page.locator('gpt-chat-sidebar button.row', { hasText: 'Settings' }).click();
  await page.locator('gpt-chat-settings dialog[open]').waitFor();
}

async function turnOn(page: AnyPage, passphrase = PASSPHRASE): Promise<void> {
  await page.locator('gpt-chat-sync-section #sync-passphrase').fill(passphrase);
  await page.locator('gpt-chat-sync-section button[type=submit]').click();
}

/** Runs one sync now (the "Sync now" button's action) and waits for it. */
function syncNow(page: AnyPage): Promise<void> {
  return page.evaluate(async () => {
    const app = document.querySelector('gpt-chat-app') as unknown as { sync: { sync(): Promise<void> } };
    await app.sync.sync();
  });
}

const contents = (chats: StoredChat[]) => chats.flatMap((c) => c.messages.map((m) => m.content)).sort();
const summary = (chats: StoredChat[]) =>
  chats
    .map((c) => ({ id: c.id, title: c.title, ids: c.messages.map((m) => m.id) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

function relayFiles(root: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) out.push(...relayFiles(path));
    else out.push(readFileSync(path, 'utf8'));
  }
  return out;
}

describe('sync between a phone and a desktop', () => {
  it('merges changes from both, one offline, without dropping a message; the relay sees only ciphertext', async () => {
    const desktop = await openDevice('desktop');
    const phone = await openDevice('phone');
    const d = desktop.page;
    const p = phone.page;

    await send(d, 'Desktop secret alpha');
    await waitReply(d);
    await openSettings(d, false);
    await turnOn(d);
    await d.locator('gpt-chat-sync-section [data-sync-state=on]').waitFor({ timeout: 30_000 });
    await syncNow(d);
    await d.keyboard.press('Escape');

    // The phone: a wrong passphrase first, which says so and changes nothing here or on the relay.
    await send(p, 'Phone secret bravo');
    await waitReply(p);
    const before = relayFiles(dir).sort();
    await openSettings(p, true);
    await turnOn(p, 'not the passphrase');
    await p.locator('gpt-chat-sync-section [data-sync-error=wrong-passphrase]').waitFor({ timeout: 30_000 });
    expect(await p.locator('gpt-chat-sync-section [data-sync-error]').innerText()).toContain('Wrong passphrase');
    expect(relayFiles(dir).sort()).toEqual(before);
    expect(contents(await stored<StoredChat>(p, 'chats'))).toHaveLength(2);
    await turnOn(p);
    await p.locator('gpt-chat-sync-section [data-sync-state=on]').waitFor({ timeout: 30_000 });
    await syncNow(p);
    await p.keyboard.press('Escape');
    await syncNow(d);
    await expect.poll(async () => (await stored<StoredChat>(d, 'chats')).length).toBe(2);
    await expect.poll(async () => (await stored<StoredChat>(p, 'chats')).length).toBe(2);

    // The desktop's chat, open on both; the phone goes offline and both add to it; the desktop also deletes one.
    const shared = (await stored<StoredChat>(d, 'chats')).find(
      (c) => c.messages[0]!.content === 'Desktop secret alpha',
    )!;
    const phoneOnly = (await stored<StoredChat>(p, 'chats')).find(
      (c) => c.messages[0]!.content === 'Phone secret bravo',
    )!;
    await p.evaluate((id) => (location.hash = id), shared.id);
    await p.locator('gpt-chat .msg', { hasText: 'Desktop secret alpha' }).first().waitFor();
    await phone.context.setOffline(true);
    await send(p, 'Offline phone charlie');
    await expect.poll(async () => contents(await stored<StoredChat>(p, 'chats'))).toContain('Offline phone charlie');

    await send(d, 'Desktop meanwhile delta');
    await waitReply(d);
    await d.locator('gpt-chat-sidebar li.item', { hasText: 'Phone secret bravo' }).hover();
    await d
      .locator('gpt-chat-sidebar li.item', { hasText: 'Phone secret bravo' })
      .locator('button[aria-label^="Delete"]')
      .click();
    await syncNow(d);

    await phone.context.setOffline(false);
    await syncNow(p);
    await syncNow(d);
    await syncNow(p);

    const onPhone = await stored<StoredChat>(p, 'chats');
    const onDesktop = await stored<StoredChat>(d, 'chats');
    expect(summary(onPhone)).toEqual(summary(onDesktop));
    expect(onPhone.map((c) => c.id)).not.toContain(phoneOnly.id);
    const merged = onPhone.find((c) => c.id === shared.id)!;
    for (const text of ['Desktop secret alpha', 'Offline phone charlie', 'Desktop meanwhile delta'])
      expect(merged.messages.map((m) => m.content)).toContain(text);
    await expect.poll(() => chatTitles(p)).toEqual(await chatTitles(d));

    // Delete and undo on the desktop, with a sync in between: the phone loses the chat, then gets it back whole.
    const sharedItem = d.locator('gpt-chat-sidebar li.item', { hasText: 'Desktop secret alpha' });
    await sharedItem.hover();
    await sharedItem.locator('button[aria-label^="Delete"]').click();
    await syncNow(d);
    await syncNow(p);
    expect((await stored<StoredChat>(p, 'chats')).map((c) => c.id)).not.toContain(shared.id);
    await d.locator('.toast button', { hasText: 'Undo' }).click();
    await syncNow(d);
    await syncNow(p);
    const restored = (await stored<StoredChat>(p, 'chats')).find((c) => c.id === shared.id)!;
    expect(restored.messages.map((m) => m.content)).toEqual(merged.messages.map((m) => m.content));

    // The relay's files: ids, versions and ciphertext only.
    const files = relayFiles(dir).join('\n');
    for (const secret of ['Desktop secret', 'Phone secret', 'Offline phone', 'meanwhile', 'alpha', PASSPHRASE])
      expect(files).not.toContain(secret);
    expect(files).not.toContain(TOKEN);
    expect(readdirSync(dir).join()).not.toContain(TOKEN);
  }, 180_000);
});

describe('sync with a full quota', () => {
  const small = usePage({
    accessTokens: [TOKEN],
    syncStore: createFileSyncStore(smallDir),
    syncQuota: 6000,
    demoDelayMs: 0,
  });

  it('says the space is full and keeps every chat locally', async () => {
    const { page } = await openDevice('desktop', small);
    await openSettings(page, false);
    await turnOn(page);
    await page.locator('gpt-chat-sync-section [data-sync-state=on]').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await send(page, 'Long text '.repeat(800));
    await waitReply(page);
    await syncNow(page);
    await openSettings(page, false);
    const error = page.locator('gpt-chat-sync-section [data-sync-error=quota]');
    await error.waitFor();
    expect(await error.innerText()).toContain('full');
    expect(contents(await stored<StoredChat>(page, 'chats')).join()).toContain('Long text Long text');
  }, 120_000);
});
