// The two-device sync scenarios (_support/sync-scenarios.ts) against a relay on workerd with the Durable Object
// store: the page is served by the Node relay (chat replies from its demo model), and each device's /v1/sync
// requests go over real HTTP to workerd. Plus a full quota. The same scenarios on the file store: sync.test.ts.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningRelay } from '../conformance/runtimes/child.js';
import { bundleForWorkerd, startWorkerdSync } from '../relay/stores/_support/workerd-sync.js';
import { usePage } from './harness.js';
import { expectQuotaKeepsChat, openSettings, turnOn } from './_support/sync-devices.js';
import { SCENARIO_TOKENS, syncScenarios } from './_support/sync-scenarios.js';

const TOKEN_FULL = 'tok-e2e-workerd-full-0123456789';
const TOKENS = Object.values(SCENARIO_TOKENS);
let bundleDir: string | undefined;
let workerd: RunningRelay;
let small: RunningRelay;

beforeAll(async () => {
  const bundle = await bundleForWorkerd();
  bundleDir = dirname(bundle);
  workerd = await startWorkerdSync(bundle, TOKENS, 600_000);
  small = await startWorkerdSync(bundle, [TOKEN_FULL], 6000);
}, 120_000);
afterAll(async () => {
  await workerd?.stop();
  await small?.stop();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

const site = usePage({ accessTokens: [...TOKENS, TOKEN_FULL], demoDelayMs: 0 });

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

function openDevice(kind: 'phone' | 'desktop', token: string, relay = () => workerd.url) {
  const size = kind === 'phone' ? { width: 390, height: 844 } : { width: 1440, height: 900 };
  return site.open({
    ...size,
    settings: { accessCodes: { [site.relay.url]: token }, modelTitles: false },
    setup: syncTo(relay),
  });
}

describe('sync through a relay on workerd (Durable Object store)', () => {
  syncScenarios({ syncUrl: () => workerd.url, openDevice: (kind, token) => openDevice(kind, token) });

  it('says the space is full and keeps every chat locally', async () => {
    const { page } = await openDevice('desktop', TOKEN_FULL, () => small.url);
    await openSettings(page, false);
    await turnOn(page);
    await page.locator('gpt-chat-sync-section [data-sync-state=on]').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await expectQuotaKeepsChat(page);
  }, 120_000);
});
