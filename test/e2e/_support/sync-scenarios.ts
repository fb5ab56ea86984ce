// The two-device sync scenarios, run as they are against each sync store (sync.test.ts: files on the Node relay;
// sync-workerd.test.ts: the Durable Object store on workerd). Each scenario has a space (access code) of its own.
// Create, edit, regenerate, delete and undo on both devices, one of them offline; both end with the same chats and
// nothing dropped; the relay holds ciphertext only; a chat deleted through sync takes its attachment Blobs along.
import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { chatTitles, makePagePhoto, pagePhotoBytes, send, stored, waitReply } from '../harness.js';
import {
  allMessages,
  contents,
  openSettings,
  PASSPHRASE,
  regenerate,
  summary,
  syncNow,
  turnOn,
  type AnyPage,
  type StoredChat,
} from './sync-devices.js';

/** Each scenario's access code; a relay under test accepts them all. */
export const SCENARIO_TOKENS = {
  merge: 'tok-e2e-sync-merge-0123456789',
  versions: 'tok-e2e-sync-versions-0123456789',
  edits: 'tok-e2e-sync-edits-0123456789',
  blobs: 'tok-e2e-sync-blobs-0123456789',
  moving: 'tok-e2e-sync-moving-0123456789',
  movedTo: 'tok-e2e-sync-moved-to-0123456789',
  dropped: 'tok-e2e-sync-dropped-0123456789',
} as const;

export type Device = { page: AnyPage; context: BrowserContext };

export interface SyncTarget {
  /** The base URL that answers the devices' /v1/sync requests (the Node relay, or workerd). */
  syncUrl(): string;
  openDevice(kind: 'phone' | 'desktop', token: string): Promise<Device>;
  /** Everything the store holds for a code's space as text, when the test can read the store itself (files). */
  storedText?(token: string): Promise<string>;
}

/** The relay's listing of a code's space, as any client sees it (ids, versions, ciphertext). */
async function listing(target: SyncTarget, token: string): Promise<string> {
  const response = await fetch(`${target.syncUrl()}/v1/sync/records?since=0`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { records: Array<{ id: string; version: number }> };
  return JSON.stringify(body.records.sort((a, b) => (a.id < b.id ? -1 : 1)));
}

const SYNC_REQUESTS = /\/v1\/sync(\/|\?|$)/;

/** The device's sync requests fail as if it were offline, while its chat requests still go through. */
async function cutSync(context: BrowserContext): Promise<() => Promise<void>> {
  const cut = (route: import('playwright-core').Route) => route.abort('internetdisconnected');
  await context.route(SYNC_REQUESTS, cut);
  return () => context.unroute(SYNC_REQUESTS, cut);
}

/**
 * Syncs the devices in turn until `done` holds: a push that met the other device's change merges and goes up again,
 * so the other may need one more round. Never holding (a change lost or bounced back) fails the test.
 */
async function syncUntil(devices: AnyPage[], done: () => Promise<boolean>): Promise<void> {
  await expect
    .poll(
      async () => {
        for (const page of devices) await syncNow(page);
        return done();
      },
      { timeout: 60_000 },
    )
    .toBe(true);
}

async function setUp(page: AnyPage, phone: boolean): Promise<void> {
  await openSettings(page, phone);
  await turnOn(page);
  await page.locator('gpt-chat-sync-section [data-sync-state=on]').waitFor({ timeout: 30_000 });
  await page.keyboard.press('Escape');
}

/** Deletes the chat titled `text` from the sidebar (opened first on a phone). */
async function deleteChat(page: AnyPage, text: string, phone: boolean): Promise<void> {
  if (phone) await page.locator('.bar button[aria-label="Open sidebar"]').click();
  const item = page.locator('gpt-chat-sidebar li.item', { hasText: text });
  await item.hover();
  await item.locator('button[aria-label^="Delete"]').click();
  if (phone) await page.keyboard.press('Escape');
}

const openChat = async (page: AnyPage, id: string, text: string) => {
  await page.evaluate((hash) => (location.hash = hash), id);
  await page.locator('gpt-chat .msg', { hasText: text }).first().waitFor();
};

/** The ids of the messages the element shows. */
const shownIds = (page: AnyPage) =>
  page.evaluate(() => {
    const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as unknown as {
      messages: Array<{ id: string }>;
    };
    return el.messages.map((m) => m.id);
  });

/** The attachment Blob ids in the page's IndexedDB (the element's blob store). */
const blobIds = (page: AnyPage) =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('gpt-chat-attachments');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('blobs')) return resolve([]);
          const keys = db.transaction('blobs').objectStore('blobs').getAllKeys();
          keys.onsuccess = () => resolve((keys.result as string[]).sort());
          keys.onerror = () => reject(keys.error);
        };
      }),
  );

const attachmentIdsOf = (chat: StoredChat) =>
  allMessages(chat).flatMap((m) => ((m as { attachments?: Array<{ id: string }> }).attachments ?? []).map((a) => a.id));

const FAILED = { error: { message: 'upstream down', type: 'invalid_request_error', code: 'test_down' } };
const replies = (c: StoredChat) => allMessages(c).filter((m) => m.role === 'assistant').length;

export function syncScenarios(target: SyncTarget): void {
  describe('sync between a phone and a desktop', () => {
    it('merges changes from both, one offline, without dropping a message; the relay sees only ciphertext', async () => {
      const token = SCENARIO_TOKENS.merge;
      const desktop = await target.openDevice('desktop', token);
      const phone = await target.openDevice('phone', token);
      const d = desktop.page;
      const p = phone.page;

      await send(d, 'Desktop secret alpha');
      await waitReply(d);
      await setUp(d, false);
      await syncNow(d);

      // The phone: a wrong passphrase first, which says so and changes nothing here or on the relay.
      await send(p, 'Phone secret bravo');
      await waitReply(p);
      const before = await listing(target, token);
      expect(JSON.parse(before)).not.toEqual([]);
      const storedBefore = await target.storedText?.(token);
      await openSettings(p, true);
      await turnOn(p, 'not the passphrase');
      await p.locator('gpt-chat-sync-section [data-sync-error=wrong-passphrase]').waitFor({ timeout: 30_000 });
      expect(await p.locator('gpt-chat-sync-section [data-sync-error]').innerText()).toContain('Wrong passphrase');
      expect(await listing(target, token)).toBe(before);
      expect(await target.storedText?.(token)).toBe(storedBefore);
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
      await openChat(p, shared.id, 'Desktop secret alpha');
      await phone.context.setOffline(true);
      await send(p, 'Offline phone charlie');
      await expect.poll(async () => contents(await stored<StoredChat>(p, 'chats'))).toContain('Offline phone charlie');

      await send(d, 'Desktop meanwhile delta');
      await waitReply(d);
      await deleteChat(d, 'Phone secret bravo', false);
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
      await deleteChat(d, 'Desktop secret alpha', false);
      await syncNow(d);
      await syncNow(p);
      expect((await stored<StoredChat>(p, 'chats')).map((c) => c.id)).not.toContain(shared.id);
      await d.locator('.toast button', { hasText: 'Undo' }).click();
      await syncNow(d);
      await syncNow(p);
      const restored = (await stored<StoredChat>(p, 'chats')).find((c) => c.id === shared.id)!;
      expect(restored.messages.map((m) => m.content)).toEqual(merged.messages.map((m) => m.content));
      expect(allMessages(restored).map((m) => m.content)).toEqual(allMessages(merged).map((m) => m.content));

      // What the relay holds (its listing, and its own files when the test can read them): no plaintext.
      const held = (await listing(target, token)) + ((await target.storedText?.(token)) ?? '');
      for (const secret of ['Desktop secret', 'Phone secret', 'Offline phone', 'meanwhile', 'alpha', PASSPHRASE])
        expect(held).not.toContain(secret);
      expect(held).not.toContain(token);
    }, 180_000);

    it('edit and regenerate of one turn on both, one offline; delete and undo on the phone', async () => {
      const desktop = await target.openDevice('desktop', SCENARIO_TOKENS.edits);
      const phone = await target.openDevice('phone', SCENARIO_TOKENS.edits);
      const d = desktop.page;
      const p = phone.page;
      await send(d, 'Turn to change hotel');
      await waitReply(d);
      await setUp(d, false);
      await setUp(p, true);
      await syncNow(p);
      const [chat] = await stored<StoredChat>(p, 'chats');
      await openChat(p, chat!.id, 'Turn to change hotel');

      // The phone cannot reach sync: it edits the question (a new version, with its reply), then regenerates that.
      const reconnect = await cutSync(phone.context);
      // From the keyboard: the long demo reply keeps the question above the phone's view, pinned to the latest.
      await p.locator('gpt-chat .msg.user button.edit-button').last().focus();
      await p.keyboard.press('Enter');
      await p.locator('gpt-chat .edit textarea').fill('Edited on the phone india');
      await p.locator('gpt-chat .edit textarea').press('Enter');
      await p.locator('gpt-chat .msg.user', { hasText: 'Edited on the phone india' }).waitFor();
      await waitReply(p);
      await regenerate(p);
      // The desktop regenerates the first question's reply and syncs.
      await regenerate(d);
      await syncNow(d);
      const fromPhone = allMessages((await stored<StoredChat>(p, 'chats'))[0]!).map((m) => m.id);
      const fromDesktop = allMessages((await stored<StoredChat>(d, 'chats'))[0]!).map((m) => m.id);

      await reconnect();
      await syncUntil([p, d], async () => {
        const [mine, theirs] = [await stored<StoredChat>(p, 'chats'), await stored<StoredChat>(d, 'chats')];
        return JSON.stringify(summary(mine)) === JSON.stringify(summary(theirs));
      });
      const [onP] = await stored<StoredChat>(p, 'chats');
      const [onD] = await stored<StoredChat>(d, 'chats');
      expect(summary([onP!])).toEqual(summary([onD!]));
      // Every version from both: two questions, four replies (first, desktop's, phone's edit's and its regenerate).
      const all = allMessages(onP!).map((m) => m.id);
      expect(new Set(all)).toEqual(new Set([...fromPhone, ...fromDesktop]));
      expect(all).toHaveLength(6);
      expect(replies(onP!)).toBe(4);
      // A sane shown path on both: question then reply, the one the element shows.
      expect(onP!.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
      await expect.poll(() => shownIds(p)).toEqual(onP!.messages.map((m) => m.id));
      await expect.poll(() => shownIds(d)).toEqual(onD!.messages.map((m) => m.id));
      for (const page of [p, d])
        await page.locator('gpt-chat .msg.user [part="versions"] .count', { hasText: '/2' }).waitFor();

      // The desktop renames the chat and syncs; then the phone, which has not pulled that yet, deletes it: the later
      // delete stands (the rename came before it). Undo on the phone: the desktop gets the chat back whole.
      // The phone is kept from syncing until it has deleted: a pull of its own (on focus, or the minute's) would
      // otherwise rename the chat under the test's hand.
      const reconnectPhone = await cutSync(phone.context);
      const item = d.locator('gpt-chat-sidebar li.item', { hasText: 'Turn to change hotel' });
      await item.hover();
      await item.locator('button[aria-label^="Rename"]').click();
      await d.locator('gpt-chat-sidebar li.item input').fill('Renamed on the desktop');
      await d.locator('gpt-chat-sidebar li.item input').press('Enter');
      await syncNow(d);
      await deleteChat(p, 'Turn to change hotel', true);
      await reconnectPhone();
      await syncUntil([p, d], async () => (await stored<StoredChat>(d, 'chats')).length === 0);
      await p.locator('.toast button', { hasText: 'Undo' }).click();
      await syncUntil([p, d], async () => (await stored<StoredChat>(d, 'chats')).length === 1);
      const [back] = await stored<StoredChat>(d, 'chats');
      expect(summary([back!])).toEqual(summary([onP!]));
      await syncUntil([p, d], async () => (await stored<StoredChat>(p, 'chats'))[0]?.title === back!.title);
      expect(summary(await stored<StoredChat>(p, 'chats'))).toEqual(summary([back!]));
    }, 180_000);

    it("deletes a chat's attachment Blobs on a device when the chat is deleted on the other", async () => {
      const desktop = await target.openDevice('desktop', SCENARIO_TOKENS.blobs);
      const phone = await target.openDevice('phone', SCENARIO_TOKENS.blobs);
      const d = desktop.page;
      const p = phone.page;
      await makePagePhoto(d, 64, 48);
      await d
        .locator('gpt-chat input.attach-input')
        .setInputFiles([{ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: await pagePhotoBytes(d) }]);
      await d.locator('gpt-chat .attachments.pending .attachment.image img').waitFor();
      await send(d, 'Photo juliet');
      await waitReply(d);
      // Saved with the chat: the photo's Blob is in IndexedDB.
      await expect.poll(async () => (await stored<StoredChat>(d, 'chats')).flatMap(attachmentIdsOf)).toHaveLength(1);
      const [photoChat] = await stored<StoredChat>(d, 'chats');
      const photo = attachmentIdsOf(photoChat!);
      await expect.poll(() => blobIds(d)).toEqual(photo);

      await setUp(d, false);
      await setUp(p, true);
      await syncNow(p);
      await expect.poll(async () => (await stored<StoredChat>(p, 'chats')).map((c) => c.id)).toContain(photoChat!.id);
      await deleteChat(p, 'Photo juliet', true);
      await syncNow(p);
      await syncNow(d);
      await expect
        .poll(async () => (await stored<StoredChat>(d, 'chats')).map((c) => c.id))
        .not.toContain(photoChat!.id);
      await expect.poll(() => blobIds(d)).toEqual([]);

      // Undone on the phone (which never had the photo): the desktop's chat comes back with its photo.
      await p.locator('.toast button', { hasText: 'Undo' }).click();
      await syncNow(p);
      await syncNow(d);
      await expect.poll(async () => (await stored<StoredChat>(d, 'chats')).map((c) => c.id)).toContain(photoChat!.id);
      await expect.poll(() => blobIds(d)).toEqual(photo);
    }, 180_000);
  });

  describe('deleting the copy on the relay', () => {
    it('stops sync on the other device without writing into the deleted space; both turn it on again', async () => {
      const token = SCENARIO_TOKENS.dropped;
      const desktop = await target.openDevice('desktop', token);
      const phone = await target.openDevice('phone', token);
      const d = desktop.page;
      const p = phone.page;
      await send(d, 'Before the delete lima');
      await waitReply(d);
      await setUp(d, false);
      await setUp(p, true);
      await syncNow(p);
      await expect.poll(async () => (await stored<StoredChat>(p, 'chats')).length).toBe(1);
      const [chat] = await stored<StoredChat>(p, 'chats');

      await openSettings(d, false);
      d.once('dialog', (dialog) => void dialog.accept());
      await d.locator('gpt-chat-sync-section button.danger').click();
      await d.locator('gpt-chat-sync-section #sync-passphrase').waitFor();
      expect(JSON.parse(await listing(target, token))).toEqual([]);
      await d.keyboard.press('Escape');

      // The phone, not told, adds to the chat and syncs: sync stops there and says why; the space stays empty.
      await openChat(p, chat!.id, 'Before the delete lima');
      await send(p, 'After the delete mike');
      await waitReply(p);
      await syncNow(p);
      await openSettings(p, true);
      const error = p.locator('gpt-chat-sync-section [data-sync-error=space-deleted]');
      await error.waitFor({ timeout: 30_000 });
      expect(await error.innerText()).toContain('deleted');
      expect(JSON.parse(await listing(target, token))).toEqual([]);

      // Turned on again on both with the passphrase: one new copy that both open, every message on both.
      await turnOn(p);
      await p.locator('gpt-chat-sync-section [data-sync-state=on]').waitFor({ timeout: 30_000 });
      await p.keyboard.press('Escape');
      await setUp(d, false);
      await syncNow(p);
      await syncNow(d);
      const [onP] = await stored<StoredChat>(p, 'chats');
      const [onD] = await stored<StoredChat>(d, 'chats');
      expect(summary([onD!])).toEqual(summary([onP!]));
      expect(contents([onD!])).toContain('After the delete mike');
      for (const page of [p, d]) {
        await openSettings(page, page === p);
        await page.locator('gpt-chat-sync-section [data-sync-state=on]').waitFor();
        expect(await page.locator('gpt-chat-sync-section [data-sync-error]').count()).toBe(0);
        await page.keyboard.press('Escape');
      }
    }, 180_000);
  });

  describe('sync of versions and message deletes', () => {
    it('unites replies regenerated on both devices; a message removed on one stays removed on the other', async () => {
      const desktop = await target.openDevice('desktop', SCENARIO_TOKENS.versions);
      const phone = await target.openDevice('phone', SCENARIO_TOKENS.versions);
      const d = desktop.page;
      const p = phone.page;
      await send(d, 'Regenerate me echo');
      await waitReply(d);
      await setUp(d, false);
      await setUp(p, true);
      await syncNow(p);
      await expect.poll(async () => (await stored<StoredChat>(p, 'chats')).length).toBe(1);
      const [chat] = await stored<StoredChat>(p, 'chats');
      expect(chat!.messages.map((m) => m.content)[0]).toBe('Regenerate me echo');
      await openChat(p, chat!.id, 'Regenerate me echo');

      // Both regenerate the same reply before seeing the other's: three versions on both after syncing.
      await regenerate(d);
      await regenerate(p);
      await syncNow(d);
      await syncNow(p);
      await syncNow(d);
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
      await expect
        .poll(async () => contents(await stored<StoredChat>(d, 'chats')))
        .toContain('Failed question foxtrot');
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
      const { page } = await target.openDevice('desktop', SCENARIO_TOKENS.moving);
      await send(page, 'Kept when the code changes');
      await waitReply(page);
      await setUp(page, false);
      await syncNow(page);
      const chatsBefore = (await stored<StoredChat>(page, 'chats')).length;
      // The space of the code typed next, which holds a record already: nothing of this device may land there.
      const other = SCENARIO_TOKENS.movedTo;
      const put = await fetch(`${target.syncUrl()}/v1/sync/records/probe`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${other}`, 'content-type': 'application/json', 'if-match': '"0"' },
        body: JSON.stringify({ data: 'c2VhbGVk' }),
      });
      expect(put.status).toBe(200);
      const otherBefore = await listing(target, other);

      await openSettings(page, false);
      await page.locator('gpt-chat-settings #access-code').fill(other);
      await page.locator('gpt-chat-settings #access-code').dispatchEvent('change');
      const error = page.locator('gpt-chat-sync-section [data-sync-error=space-changed]');
      await error.waitFor({ timeout: 30_000 });
      expect(await error.innerText()).toContain('Turn sync on again');
      expect(await page.locator('gpt-chat-sync-section [data-sync-state=on]').count()).toBe(0);
      await page.keyboard.press('Escape');
      await send(page, 'Written after the change');
      await waitReply(page);
      await syncNow(page);
      expect(await listing(target, other)).toBe(otherBefore);
      expect((await stored<StoredChat>(page, 'chats')).length).toBe(chatsBefore);
      expect(contents(await stored<StoredChat>(page, 'chats'))).toContain('Written after the change');
    }, 120_000);
  });
}
