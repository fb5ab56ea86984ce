// The two-device sync against a relay on workerd with the Durable Object store: the page is served by the Node
// relay (chat replies from its demo model), and each device's /v1/sync requests go over real HTTP to workerd.
// Upload from one device, pull into the other, a conflict merged after one was offline, and a full quota.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRelay } from '../conformance/runtimes/child.js';
import { bundleForWorkerd, startWorkerdSync } from '../relay/stores/_support/workerd-sync.js';
import { send, stored, usePage, waitReply } from './harness.js';
import {
  allMessages,
  contents,
  expectQuotaKeepsChat,
  openSettings,
  summary,
  syncNow,
  turnOn,
  type StoredChat,
} from './_support/sync-devices.js';

const TOKEN = 'tok-e2e-workerd-sync-0123456789';
const TOKEN_FULL = 'tok-e2e-workerd-full-0123456789';
let bundleDir: string | undefined;
let workerd: RunningRelay;
let small: RunningRelay;

beforeAll(async () => {
  const bundle = await bundleForWorkerd();
  bundleDir = dirname(bundle);
  workerd = await startWorkerdSync(bundle, [TOKEN], 600_000);
  small = await startWorkerdSync(bundle, [TOKEN_FULL], 6000);
}, 120_000);
afterAll(async () => {
  await workerd?.stop();
  await small?.stop();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

const site = usePage({ accessTokens: [TOKEN, TOKEN_FULL], demoDelayMs: 0 });

/** Sends the device's sync requests to `base` (workerd) as they are: method, headers (the token), body. */
const syncTo = (base: () => string) => (context: BrowserContext) =>
  context.route(/\/v1\/sync(\/|\?|$)/, async (route) => {
    const url = new URL(route.request().url());
    try {
      const response = await route.fetch({ url: base() + url.pathname + url.search });
      await route.fulfill({ response });
    } catch {
      // The device closed while a background sync was on its way: nothing waits for the answer.
      await route.abort().catch(() => {});
    }
  });

function openDevice(kind: 'phone' | 'desktop', token: string, relay: () => string) {
  const size = kind === 'phone' ? { width: 390, height: 844 } : { width: 1440, height: 900 };
  return site.open({
    ...size,
    settings: { accessCodes: { [site.relay.url]: token }, modelTitles: false },
    setup: syncTo(relay),
  });
}

async function setUp(page: import('playwright-core').Page, phone: boolean): Promise<void> {
  await openSettings(page, phone);
  await turnOn(page);
  await page.locator('gpt-chat-sync-section [data-sync-state=on]').waitFor({ timeout: 30_000 });
  await page.keyboard.press('Escape');
}

describe('sync through a relay on workerd (Durable Object store)', () => {
  it('uploads from one device, pulls into the other and merges a conflict after one was offline', async () => {
    const desktop = await openDevice('desktop', TOKEN, () => workerd.url);
    const phone = await openDevice('phone', TOKEN, () => workerd.url);
    const d = desktop.page;
    const p = phone.page;
    await send(d, 'Workerd desktop alpha');
    await waitReply(d);
    await setUp(d, false);
    await syncNow(d);
    await send(p, 'Workerd phone bravo');
    await waitReply(p);
    await setUp(p, true);
    await syncNow(p);
    await syncNow(d);
    await expect.poll(async () => contents(await stored<StoredChat>(p, 'chats'))).toContain('Workerd desktop alpha');
    await expect.poll(async () => contents(await stored<StoredChat>(d, 'chats'))).toContain('Workerd phone bravo');

    const shared = (await stored<StoredChat>(d, 'chats')).find((c) => c.messages[0]!.content.includes('alpha'))!;
    await p.evaluate((id) => (location.hash = id), shared.id);
    await p.locator('gpt-chat .msg', { hasText: 'Workerd desktop alpha' }).first().waitFor();
    await phone.context.setOffline(true);
    await send(p, 'Workerd offline charlie');
    await expect.poll(async () => contents(await stored<StoredChat>(p, 'chats'))).toContain('Workerd offline charlie');
    await send(d, 'Workerd meanwhile delta');
    await waitReply(d);
    await syncNow(d);
    await phone.context.setOffline(false);
    await syncNow(p);
    await syncNow(d);

    const onPhone = await stored<StoredChat>(p, 'chats');
    const onDesktop = await stored<StoredChat>(d, 'chats');
    expect(summary(onPhone)).toEqual(summary(onDesktop));
    const merged = onPhone.find((c) => c.id === shared.id)!;
    for (const text of ['Workerd desktop alpha', 'Workerd offline charlie', 'Workerd meanwhile delta'])
      expect(allMessages(merged).map((m) => m.content)).toContain(text);
  }, 180_000);

  it('says the space is full and keeps every chat locally', async () => {
    const { page } = await openDevice('desktop', TOKEN_FULL, () => small.url);
    await setUp(page, false);
    await expectQuotaKeepsChat(page);
  }, 120_000);
});
