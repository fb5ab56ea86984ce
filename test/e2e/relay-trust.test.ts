// Security issue #11, part 7, end to end: a relay address the user did not choose (a link's ?relay=, config.json,
// a relay an older version saved) is only used after the user confirms it, and an access code only ever goes to
// the origin it was entered for. The "attacker" is a local server recording every request it gets.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sseReply } from '../support/fake-upstream.js';
import {
  axe,
  messages,
  send,
  until,
  useFakeUpstream,
  usePage,
  waitReady,
  waitReply,
  type PageOptions,
} from './harness.js';

interface Hit {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** A relay look-alike on another origin that answers like a relay and records everything. */
async function startAttacker(): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'authorization, content-type, accept',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
  };
  const server = createServer((req, res) => {
    hits.push({ method: req.method!, path: req.url!, headers: req.headers });
    req.resume();
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    if (req.url === '/v1/models') {
      res.writeHead(200, { ...cors, 'content-type': 'application/json' });
      return res.end(JSON.stringify({ object: 'list', data: [{ id: 'evil-model', object: 'model' }] }));
    }
    res.writeHead(200, { ...cors, 'content-type': 'text/event-stream' });
    res.end(sseReply(['from ', 'attacker']).join(''));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, hits, close: () => new Promise((r) => server.close(() => r())) };
}

const OWN_CODE = 'own-secret-code-0123';

let attacker: Awaited<ReturnType<typeof startAttacker>>;
beforeAll(async () => {
  attacker = await startAttacker();
});
afterAll(() => attacker?.close());
const fake = useFakeUpstream();
// The operator lets the page use the other relay too (CSP connect-src), so "Use" can be tested end to end.
const app = usePage(() => ({
  upstream: fake.url,
  apiKeys: ['sk-test'],
  models: ['fake-model'],
  accessTokens: [OWN_CODE],
  pageRelays: [attacker.url],
}));
const own = app.relay;

async function fresh(url: string, o: PageOptions = {}): Promise<Page> {
  // Chat titles off: the requests each relay receives are counted here (test/e2e/chat-titles.test.ts has titles).
  const settings = { accessCodes: { [own.url]: OWN_CODE }, modelTitles: false };
  return (await app.open({ settings, ...o, url })).page;
}

const dialog = (page: Page) => page.locator('gpt-chat-relay-confirm dialog[open]');
const settings = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('gpt-chat-page:settings')!));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends a message and checks that it reached the own relay (which wants OWN_CODE) and nothing reached the attacker. */
async function chatsWithOwnRelay(page: Page, text: string): Promise<void> {
  const n = fake.exchanges.length;
  fake.reply({ chunks: sseReply(['own ', 'reply']) });
  await send(page, text);
  await waitReply(page);
  expect((await messages(page)).at(-1)!.content).toBe('own reply');
  expect((await fake.waitForRequests(n + 1))[n]!.received.json.messages.at(-1).content).toBe(text);
  expect(attacker.hits).toEqual([]);
}

describe('relay addresses the user did not choose', { timeout: 90_000 }, () => {
  it('a link ?relay= asks first, sends nothing there before the answer; "Keep" stays on the own relay', async () => {
    attacker.hits.length = 0;
    const page = await fresh(`${own.url}/?relay=${encodeURIComponent(`${attacker.url}/v1`)}`);
    await dialog(page).waitFor();
    expect(await dialog(page).locator('.origin').innerText()).toBe(attacker.url);
    expect(await dialog(page).locator('[data-address]').getAttribute('data-address')).toBe(attacker.url);
    expect(await dialog(page).innerText()).toContain('The link you opened');
    await sleep(800);
    expect(attacker.hits).toEqual([]);
    expect(await axe(page)).toEqual([]);
    // Keyboard: "Keep current" has the focus; Enter answers.
    expect(
      await page.evaluate(() => {
        const d = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat-relay-confirm')!;
        return (d.shadowRoot!.activeElement as HTMLElement | null)?.dataset.action;
      }),
    ).toBe('keep');
    await page.keyboard.press('Enter');
    await dialog(page).waitFor({ state: 'detached' });
    expect(new URL(page.url()).searchParams.has('relay')).toBe(false);
    // Run in the page: the model list came from the own relay (with its code).
    await until(page, () => {
      const app = document.querySelector('gpt-chat-app')!.shadowRoot!;
      return app.querySelectorAll('#model option').length === 3; // default, the relay's model, "Other model…"
    });
    await chatsWithOwnRelay(page, 'kept');
    expect((await settings(page)).relay ?? '').toBe('');
    await page.reload();
    await waitReady(page);
    await sleep(300);
    expect(await dialog(page).count()).toBe(0);
    await chatsWithOwnRelay(page, 'kept after reload');
  });

  it('"Use" switches to the new relay without the own code; codes stay per origin across reloads', async () => {
    attacker.hits.length = 0;
    const page = await fresh(`${own.url}/?relay=${encodeURIComponent(attacker.url)}`);
    await dialog(page).waitFor();
    await dialog(page).locator('[data-action="use"]').click();
    await dialog(page).waitFor({ state: 'detached' });
    await send(page, 'to the other relay');
    await waitReply(page);
    expect((await messages(page)).at(-1)!.content).toBe('from attacker');
    const gets = attacker.hits.filter((h) => h.method !== 'OPTIONS');
    // The page lists models; the element may ask for prices too (show-usage): the same GET, never with the own code.
    expect([...new Set(gets.map((h) => `${h.method} ${h.path}`))].sort()).toEqual([
      'GET /v1/models',
      'POST /v1/chat/completions',
    ]);
    expect(gets.filter((h) => h.method === 'POST')).toHaveLength(1);
    for (const hit of attacker.hits) expect(hit.headers.authorization, `${hit.method} ${hit.path}`).toBeUndefined();
    expect(JSON.stringify(attacker.hits)).not.toContain(OWN_CODE);

    // A code entered for that relay is its own; the own relay's code is still there for the own relay.
    await page.locator('gpt-chat-sidebar button.row', { hasText: 'Settings' }).click();
    expect(await page.locator('gpt-chat-settings #access-code').inputValue()).toBe('');
    expect(await page.locator('gpt-chat-settings #access-code-hint').innerText()).toContain(attacker.url);
    await page.locator('gpt-chat-settings #access-code').fill('other-code');
    await page.locator('gpt-chat-settings #access-code').press('Tab');
    await page.keyboard.press('Escape');
    await page.reload();
    await waitReady(page);
    attacker.hits.length = 0;
    await send(page, 'again');
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages.at(-1)?.content === 'from attacker';
    });
    const posts = attacker.hits.filter((h) => h.method === 'POST');
    expect(posts.at(-1)!.headers.authorization).toBe('Bearer other-code');
    expect(await settings(page)).toMatchObject({ accessCodes: { [own.url]: OWN_CODE, [attacker.url]: 'other-code' } });

    // Back to the own relay (typed in Settings: the user's own choice, no question): its own code again.
    await page.locator('gpt-chat-sidebar button.row', { hasText: 'Settings' }).click();
    await page.locator('gpt-chat-settings #relay').fill('');
    await page.locator('gpt-chat-settings #relay').press('Tab');
    expect(await page.locator('gpt-chat-settings #access-code').inputValue()).toBe(OWN_CODE);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+O');
    attacker.hits.length = 0;
    await chatsWithOwnRelay(page, 'home again');
  });

  it('config.json pointing elsewhere asks too; "Keep" is remembered for that address', async () => {
    attacker.hits.length = 0;
    const setup: PageOptions['setup'] = (context) =>
      context.route('**/config.json', (route) =>
        route.fulfill({ contentType: 'application/json', body: JSON.stringify({ relay: attacker.url }) }),
      );
    const page = await fresh(`${own.url}/`, { setup });
    await dialog(page).waitFor();
    expect(await dialog(page).innerText()).toContain('config.json');
    expect(await dialog(page).locator('.origin').innerText()).toBe(attacker.url);
    await sleep(800);
    expect(attacker.hits).toEqual([]);
    await dialog(page).locator('[data-action="keep"]').click();
    await chatsWithOwnRelay(page, 'not via config');
    await page.reload();
    await waitReady(page);
    await sleep(300);
    expect(await dialog(page).count()).toBe(0);
    await chatsWithOwnRelay(page, 'still not via config');
  });

  it('a relay an older version saved silently is asked about; its code stays with its origin', async () => {
    attacker.hits.length = 0;
    // The old format: one access code, and a relay a link could have set without asking.
    const page = await fresh(own.url, { settings: { accessCode: 'old-code', relay: attacker.url } });
    await dialog(page).waitFor();
    expect(await dialog(page).innerText()).toContain('earlier version');
    await sleep(800);
    expect(attacker.hits).toEqual([]);
    await page.keyboard.press('Escape'); // Escape = keep current
    await dialog(page).waitFor({ state: 'detached' });
    // The own relay wants a code it never had: it asks, and the attacker's code is not offered to it.
    await page.locator('.warning[data-warning="access-code"]').waitFor();
    expect(await settings(page)).toMatchObject({ relay: '', accessCodes: { [attacker.url]: 'old-code' } });
    await sleep(300);
    expect(attacker.hits).toEqual([]);
  });

  it('a page served by a relay uses its own origin when nothing is saved', async () => {
    attacker.hits.length = 0;
    const page = await fresh(own.url);
    await sleep(300);
    expect(await dialog(page).count()).toBe(0);
    await chatsWithOwnRelay(page, 'own origin');
  });
});
