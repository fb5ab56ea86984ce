// Sync end to end against the Node relay with the file sync store: the two-device scenarios of
// _support/sync-scenarios.ts (a phone at 390×844 and a desktop), with the store's own files read for plaintext, and
// a full quota. The same scenarios against workerd's Durable Object store: sync-workerd.test.ts.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { createFileSyncStore } from '../../src/relay/stores/sync-files.js';
import { spaceOf } from '../../src/relay/sync/space.js';
import { usePage } from './harness.js';
import { expectQuotaKeepsChat, openSettings, turnOn } from './_support/sync-devices.js';
import { SCENARIO_TOKENS, syncScenarios } from './_support/sync-scenarios.js';

const TOKEN_FULL = 'tok-e2e-sync-full-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'gpt-chat-e2e-sync-'));
const smallDir = mkdtempSync(join(tmpdir(), 'gpt-chat-e2e-sync-small-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(smallDir, { recursive: true, force: true });
});

const site = usePage({
  accessTokens: Object.values(SCENARIO_TOKENS),
  syncStore: createFileSyncStore(dir),
  demoDelayMs: 0,
});

function openDevice(kind: 'phone' | 'desktop', token: string, relay = site) {
  const size = kind === 'phone' ? { width: 390, height: 844 } : { width: 1440, height: 900 };
  return relay.open({ ...size, settings: { accessCodes: { [relay.relay.url]: token }, modelTitles: false } });
}

/** Every file under `root` as text, and their names (a token must not appear in either). */
function filesText(root: string): string {
  const out: string[] = [];
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    out.push(name, statSync(path).isDirectory() ? filesText(path) : readFileSync(path, 'utf8'));
  }
  return out.join('\n');
}

syncScenarios({
  syncUrl: () => site.relay.url,
  openDevice,
  storedText: async (token) => `${readdirSync(dir).join('\n')}\n${filesText(join(dir, await spaceOf(token)))}`,
});

describe('sync with a full quota', () => {
  const small = usePage({
    accessTokens: [TOKEN_FULL],
    syncStore: createFileSyncStore(smallDir),
    syncQuota: 6000,
    demoDelayMs: 0,
  });

  it('says the space is full and keeps every chat locally', async () => {
    const { page } = await openDevice('desktop', TOKEN_FULL, small);
    await openSettings(page, false);
    await turnOn(page);
    await page.locator('gpt-chat-sync-section [data-sync-state=on]').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await expectQuotaKeepsChat(page);
  }, 120_000);
});
