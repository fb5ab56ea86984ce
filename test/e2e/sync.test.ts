// Sync end to end: two browser contexts as two devices (a phone at 390×844 and a desktop) against the real relay
// with a file sync store. Both change chats, one offline; once both are online they hold the same chats and every
// message; a reply regenerated on both has every version on both; a question replaced on one stays deleted on the
// other; a chat delete and its undo reach the other device; changing the access code stops sync without writing
// into the other code's space; the relay's files hold no plaintext; a wrong passphrase changes nothing; a full
// quota says so and keeps everything locally. The same flow against workerd: sync-workerd.test.ts.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileSyncStore } from '../../src/relay/stores/sync-files.js';
import { spaceOf } from '../../src/relay/sync/space.js';
import { chatTitles, send, stored, usePage, waitReply } from './harness.js';
import {
  allMessages,
  contents,
  expectQuotaKeepsChat,
  openSettings,
  PASSPHRASE,
  regenerate,
  summary,
  syncNow,
  turnOn,
  type StoredChat,
} from './_support/sync-devices.js';

const TOKEN = 'tok-e2e-sync-0123456789';
/** A second family member's code: a space of its own. */
const TOKEN_B = 'tok-e2e-sync-b-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'gpt-chat-e2e-sync-'));
const smallDir = mkdtempSync(join(tmpdir(), 'gpt-chat-e2e-sync-small-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(smallDir, { recursive: true, force: true });
});

const site = usePage({ accessTokens: [TOKEN, TOKEN_B], syncStore: createFileSyncStore(dir), demoDelayMs: 0 });

function openDevice(kind: 'phone' | 'desktop', relay = site, token = TOKEN) {
  const size = kind === 'phone' ? { width: 390, height: 844 } : { width: 1440, height: 900 };
  return relay.open({ ...size, settings: { accessCodes: { [relay.relay.url]: token }, modelTitles: false } });
}

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
    // Both devices' turns after alpha's reply are kept: one shown, the other as a version of that turn.
    for (const text of ['Desktop secret alpha', 'Offline phone charlie', 'Desktop meanwhile delta'])
      expect(allMessages(merged).map((m) => m.content)).toContain(text);
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
    expect(allMessages(restored).map((m) => m.content)).toEqual(allMessages(merged).map((m) => m.content));

    // The relay's files: ids, versions and ciphertext only.
    const files = relayFiles(dir).join('\n');
    for (const secret of ['Desktop secret', 'Phone secret', 'Offline phone', 'meanwhile', 'alpha', PASSPHRASE])
      expect(files).not.toContain(secret);
    expect(files).not.toContain(TOKEN);
    expect(readdirSync(dir).join()).not.toContain(TOKEN);
  }, 180_000);
});

const FAILED = { error: { message: 'upstream down', type: 'invalid_request_error', code: 'test_down' } };

describe('sync of versions and message deletes', () => {
  it('unites replies regenerated on both devices; a message removed on one stays removed on the other', async () => {
    const desktop = await openDevice('desktop', site, TOKEN_B);
    const phone = await openDevice('phone', site, TOKEN_B);
    const d = desktop.page;
    const p = phone.page;
    await send(d, 'Regenerate me echo');
    await waitReply(d);
    await openSettings(d, false);
    await turnOn(d);
    await d.locator('gpt-chat-sync-section [data-sync-state=on]').waitFor({ timeout: 30_000 });
    await d.keyboard.press('Escape');
    await openSettings(p, true);
    await turnOn(p);
    await p.locator('gpt-chat-sync-section [data-sync-state=on]').waitFor({ timeout: 30_000 });
    await p.keyboard.press('Escape');
    await syncNow(p);
    await expect.poll(async () => (await stored<StoredChat>(p, 'chats')).length).toBe(1);
    const [chat] = await stored<StoredChat>(p, 'chats');
    expect(chat!.messages.map((m) => m.content)[0]).toBe('Regenerate me echo');
    await p.evaluate((id) => (location.hash = id), chat!.id);
    await p.locator('gpt-chat .msg', { hasText: 'Regenerate me echo' }).first().waitFor();

    // Both regenerate the same reply before seeing the other's: three versions on both after syncing.
    await regenerate(d);
    await regenerate(p);
    await syncNow(d);
    await syncNow(p);
    await syncNow(d);
    const replies = (c: StoredChat) => allMessages(c).filter((m) => m.role === 'assistant').length;
    const [onD] = await stored<StoredChat>(d, 'chats');
    const [onP] = await stored<StoredChat>(p, 'chats');
    expect(replies(onD!)).toBe(3);
    expect(summary([onP!])).toEqual(summary([onD!]));
    await d.locator('gpt-chat [part="versions"] .count', { hasText: '/3' }).first().waitFor();
    await p.locator('gpt-chat [part="versions"] .count', { hasText: '/3' }).first().waitFor();

    // A question whose reply fails stays; the phone pulls it, then changes the chat offline (another version).
    await d.route('**/v1/chat/completions', (route) =>
      route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify(FAILED) }),
    );
    await send(d, 'Failed question foxtrot');
    await expect.poll(async () => contents(await stored<StoredChat>(d, 'chats'))).toContain('Failed question foxtrot');
    await syncNow(d);
    await syncNow(p);
    await p.locator('gpt-chat .msg', { hasText: 'Failed question foxtrot' }).waitFor();
    await phone.context.setOffline(true);
    await p.locator('gpt-chat [part="versions"] button:enabled').first().click();
    await expect
      .poll(async () => (await stored<StoredChat>(p, 'chats'))[0]!.messages.map((m) => m.content))
      .not.toContain('Failed question foxtrot');

    // The desktop sends again: the failed question is replaced (deleted), and that delete reaches the phone.
    await d.unroute('**/v1/chat/completions');
    await send(d, 'Retried question golf');
    await waitReply(d);
    await syncNow(d);
    await phone.context.setOffline(false);
    await syncNow(p);
    await syncNow(d);
    const [finalD] = await stored<StoredChat>(d, 'chats');
    const [finalP] = await stored<StoredChat>(p, 'chats');
    expect(summary([finalP!])).toEqual(summary([finalD!]));
    const texts = allMessages(finalP!).map((m) => m.content);
    expect(texts).toContain('Retried question golf');
    expect(texts).not.toContain('Failed question foxtrot');
    expect(replies(finalP!)).toBe(4);
    expect(Object.values(finalP!.deletedMessages ?? {}).some((mark) => !mark.restored)).toBe(true);
  }, 180_000);

  it('stops when the access code changes, uploads nothing into the other space and keeps every chat', async () => {
    const { page } = await openDevice('desktop', site, TOKEN_B);
    await send(page, 'Kept when the code changes');
    await waitReply(page);
    await openSettings(page, false);
    await turnOn(page);
    await page.locator('gpt-chat-sync-section [data-sync-state=on]').waitFor({ timeout: 30_000 });
    await syncNow(page);
    const chatsBefore = (await stored<StoredChat>(page, 'chats')).length;
    // The space of the code typed next (the first family member's): nothing of this device may land there.
    const otherSpace = join(dir, await spaceOf(TOKEN));
    const otherBefore = relayFiles(otherSpace).sort();
    expect(otherBefore.length).toBeGreaterThan(0);

    await page.locator('gpt-chat-settings #access-code').fill(TOKEN);
    await page.locator('gpt-chat-settings #access-code').dispatchEvent('change');
    const error = page.locator('gpt-chat-sync-section [data-sync-error=space-changed]');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.innerText()).toContain('Turn sync on again');
    expect(await page.locator('gpt-chat-sync-section [data-sync-state=on]').count()).toBe(0);
    await page.keyboard.press('Escape');
    await send(page, 'Written after the change');
    await waitReply(page);
    await syncNow(page);
    expect(relayFiles(otherSpace).sort()).toEqual(otherBefore);
    expect((await stored<StoredChat>(page, 'chats')).length).toBe(chatsBefore);
    expect(contents(await stored<StoredChat>(page, 'chats'))).toContain('Written after the change');
  }, 120_000);
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
    await expectQuotaKeepsChat(page);
  }, 120_000);
});
