// The standalone page end to end: real Chromium, the real relay serving the freshly built page, on the relay's
// demo model and in front of a fake upstream that records what it received.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { builtinPersonas } from '../../demo/src/personas.js';
import { sseChunk, sseReply } from '../support/fake-upstream.js';
import {
  buildPage,
  chatTitles,
  messages,
  send,
  startRelay,
  stored,
  openTwoChats,
  until,
  untilSidebarShows,
  useFakeUpstream,
  usePage,
  useRelay,
  waitReady,
  waitReply,
  type PageOptions,
} from './harness.js';

const en = Object.fromEntries(builtinPersonas('en').map((p) => [p.id, p]));

const fake = useFakeUpstream();
const proxied = useRelay(() => ({ upstream: fake.url, apiKeys: ['sk-test'], models: ['fake-model', 'other-model'] }));
// The demo relay's page may use the other relay (its CSP connect-src), for the ?relay= test.
const app = usePage(() => ({ demoDelayMs: 2, pageRelays: [proxied.url] }));
const demo = app.relay;

async function fresh(url: string, o: PageOptions = {}): Promise<{ page: Page; errors: string[] }> {
  // Model titles off: their extra request would shift the exchange indexes these tests read (chat-titles.test.ts
  // covers them).
  const { page, errors } = await app.open({ ...o, url, settings: { modelTitles: false, ...o.settings } });
  return { page, errors };
}

/** The text the element rendered for its assistant messages. */
const assistantText = (page: Page) => page.locator('gpt-chat [part~="assistant"]').last().innerText();

describe('the standalone page', { timeout: 60_000 }, () => {
  it('sends a message and shows the reply while it streams', async () => {
    fake.reply({ chunks: sseReply(['Alpha ', 'beta ', 'gamma ', 'delta']), delayMs: 400 });
    const { page, errors } = await fresh(proxied.url);
    await send(page, 'Stream to me');
    // Part of the reply is on screen while the rest is still coming (the element draws a streamed chunk in the
    // frame after it arrives, so the check waits for the drawn text, not only for the message's state).
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      const last = el.messages.at(-1);
      const drawn = [...el.shadowRoot.querySelectorAll('[part~="assistant"]')].at(-1)?.textContent ?? '';
      return last?.role === 'assistant' && last.status === 'streaming' && drawn.includes('Alpha');
    });
    expect(await assistantText(page)).not.toContain('delta');
    await waitReply(page);
    expect(await assistantText(page)).toContain('Alpha beta gamma delta');
    // The chat is in the list, titled from the first message.
    expect(await chatTitles(page)).toEqual(['Stream to me']);
    expect(errors).toEqual([]);
  });

  it('answers on the demo model with rendered Markdown', async () => {
    const { page } = await fresh(demo.url);
    await send(page, 'Hello demo');
    await waitReply(page);
    const rendered = page.locator('gpt-chat [part~="assistant"]').last();
    await rendered.locator('h1').first().waitFor();
    expect(await rendered.locator('h1').first().innerText()).toContain('Hello from gpt-chat');
    expect(await rendered.locator('table').count()).toBeGreaterThan(0);
  });

  it('stops mid-reply and keeps the partial text, also after a reload', async () => {
    const before = fake.exchanges.length;
    fake.reply({ chunks: [sseChunk('Partial '), sseChunk('answer')], finish: 'hang' });
    const { page } = await fresh(proxied.url);
    await send(page, 'Tell me a long story');
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages.at(-1)?.content === 'Partial answer';
    });
    await page.locator('gpt-chat [part~="stop"]').click();
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages.at(-1)?.status !== 'streaming';
    });
    await fake.waitForClientGone(before, 10_000); // the relay let go of the upstream too
    expect((await messages(page)).at(-1)).toMatchObject({ role: 'assistant', content: 'Partial answer' });
    await page.reload();
    await waitReady(page);
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages.length === 2;
    });
    expect((await messages(page)).map((m) => m.content)).toEqual(['Tell me a long story', 'Partial answer']);

    // Esc stops too — in the input (the element's own key) and anywhere else on the page (the page's shortcut).
    for (const where of ['input', 'search'] as const) {
      fake.reply({ chunks: [sseChunk(`Half ${where}`)], finish: 'hang' });
      await send(page, `again ${where}`);
      await until(page, () => {
        const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
        return el.messages.at(-1)?.content.startsWith('Half');
      });
      if (where === 'search') await page.locator('gpt-chat-sidebar input[type=search]').focus();
      await page.keyboard.press('Escape');
      await until(page, () => {
        const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
        return el.messages.at(-1)?.status !== 'streaming';
      });
      expect((await messages(page)).at(-1)!.content).toBe(`Half ${where}`);
    }
  });

  it('finds a chat and its messages after a reload, from the list', async () => {
    fake.reply({ chunks: sseReply(['First ', 'reply']) });
    const { page } = await fresh(proxied.url);
    await send(page, 'Remember me');
    await waitReply(page);
    fake.reply({ chunks: sseReply(['Second ', 'reply']) });
    await page.keyboard.press('Control+Shift+O'); // new chat
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages.length === 0;
    });
    await send(page, 'Another one');
    await waitReply(page);
    // A plain visit (no #chat in the address) starts a new chat; both are in the list, newest first.
    await page.goto(proxied.url);
    await waitReady(page);
    await until(
      page,
      () => document.querySelector('gpt-chat-app')!.shadowRoot!.querySelectorAll('gpt-chat-sidebar').length > 0,
    );
    await page.locator('gpt-chat-sidebar li.item').nth(1).waitFor();
    expect(await chatTitles(page)).toEqual(['Another one', 'Remember me']);
    expect(await messages(page)).toEqual([]);
    await page.locator('gpt-chat-sidebar li.item .open', { hasText: 'Remember me' }).click();
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages.length === 2;
    });
    expect((await messages(page)).map((m) => m.content)).toEqual(['Remember me', 'First reply']);
    expect(await assistantText(page)).toContain('First reply');
    // Opening an older chat is not activity: the list order stays.
    expect(await chatTitles(page)).toEqual(['Another one', 'Remember me']);
  });

  it('sends the chosen persona as the system prompt, and a switched one from then on', async () => {
    fake.reply({ chunks: sseReply(['ok']) });
    const { page } = await fresh(proxied.url);
    await page.locator('[data-persona="builtin:translator"]').click();
    expect(await page.locator('[data-persona="builtin:translator"]').getAttribute('aria-checked')).toBe('true');
    const n = fake.exchanges.length;
    await send(page, '你好');
    await waitReply(page);
    const first = (await fake.waitForRequests(n + 1))[n]!.received.json;
    expect(first.messages[0]).toEqual({ role: 'system', content: en['builtin:translator']!.prompt });
    expect(first.messages.at(-1)).toEqual({ role: 'user', content: '你好' });
    expect(first.temperature).toBe(0.3);

    // Switch mid-chat in the chat options (persona, temperature, max tokens).
    await page.locator('.persona-chip').click();
    await page.locator('gpt-chat-options select#persona').selectOption('builtin:code');
    await page.locator('gpt-chat-options input#max-tokens').fill('321');
    await page.locator('gpt-chat-options input#max-tokens').press('Tab');
    await page.locator('gpt-chat-options .dialog-foot .btn.primary').click();
    await send(page, 'fn main');
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages.length === 4 && el.messages.at(-1).status !== 'streaming';
    });
    const second = (await fake.waitForRequests(n + 2))[n + 1]!.received.json;
    expect(second.messages[0]).toEqual({ role: 'system', content: en['builtin:code']!.prompt });
    expect(second.temperature).toBe(0.2);
    expect(second.max_tokens ?? second.max_completion_tokens).toBe(321);
  });

  it('uses the model picked from GET /v1/models', async () => {
    fake.reply({ chunks: sseReply(['ok']) });
    const { page } = await fresh(proxied.url);
    const select = page.locator('.bar select#model');
    await until(
      page,
      () => document.querySelector('gpt-chat-app')!.shadowRoot!.querySelectorAll('#model option').length === 4,
    );
    expect(await select.locator('option').allInnerTexts()).toEqual([
      'Default model',
      'fake-model',
      'other-model',
      'Other model…',
    ]);
    await select.selectOption('other-model');
    const n = fake.exchanges.length;
    await send(page, 'which model?');
    await waitReply(page);
    expect((await fake.waitForRequests(n + 1))[n]!.received.json.model).toBe('other-model');
  });

  it('renames, deletes and undoes a delete', async () => {
    const { page } = await fresh(demo.url);
    await openTwoChats(page);
    expect(await chatTitles(page)).toEqual(['Chat two', 'Chat one']);

    // Search filters by title and message text.
    const search = page.locator('gpt-chat-sidebar input[type=search]');
    await search.fill('TWO');
    await untilSidebarShows(page, 'li.item', 1);
    expect(await chatTitles(page)).toEqual(['Chat two']);
    await search.fill('Hello from gpt-chat'); // in both replies
    await page.locator('gpt-chat-sidebar li.item').nth(1).waitFor();
    await search.fill('no such words');
    await page.locator('gpt-chat-sidebar .empty', { hasText: 'No chats match' }).waitFor();
    await search.fill('');
    await page.locator('gpt-chat-sidebar li.item').nth(1).waitFor();

    // Rename with the pencil: Enter saves.
    const one = page.locator('gpt-chat-sidebar li.item', { hasText: 'Chat one' });
    await one.hover();
    await one.locator('button[aria-label^="Rename"]').click();
    const input = page.locator('gpt-chat-sidebar input.rename');
    await input.fill('Renamed chat');
    await input.press('Enter');
    await page.locator('gpt-chat-sidebar li.item', { hasText: 'Renamed chat' }).waitFor();

    // Delete, then undo from the toast.
    const renamed = page.locator('gpt-chat-sidebar li.item', { hasText: 'Renamed chat' });
    await renamed.hover();
    await renamed.locator('button[aria-label^="Delete"]').click();
    await page.locator('.toast', { hasText: 'Chat deleted' }).waitFor();
    expect(await chatTitles(page)).toEqual(['Chat two']);
    await page.locator('.toast button', { hasText: 'Undo' }).click();
    await page.locator('gpt-chat-sidebar li.item', { hasText: 'Renamed chat' }).waitFor();

    // Delete for good (the open chat), and check what survives a reload.
    const two = page.locator('gpt-chat-sidebar li.item', { hasText: 'Chat two' });
    await two.hover();
    await two.locator('button[aria-label^="Delete"]').click();
    await page.locator('.toast', { hasText: 'Chat deleted' }).waitFor();
    expect(await messages(page)).toEqual([]); // the open chat went, a new one is shown
    const storedTitles = async () =>
      (await stored<{ title: string }>(page, 'chats')).map((c) => c.title).filter(Boolean);
    await expect.poll(storedTitles, { timeout: 20_000, interval: 100 }).not.toContain('Chat two');
    await page.reload();
    await waitReady(page);
    await page.locator('gpt-chat-sidebar li.item').first().waitFor();
    expect(await chatTitles(page)).toEqual(['Renamed chat']);
  });

  it('refuses a malformed import with a clear error and changes nothing', async () => {
    const { page } = await fresh(demo.url);
    await send(page, 'Keep this');
    await waitReply(page);
    await page.locator('gpt-chat-sidebar button.row', { hasText: 'Settings' }).click();
    const fileInput = page.locator('gpt-chat-settings input[data-import="chats"]');
    const result = page.locator('gpt-chat-settings [data-import-result]');

    await fileInput.setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"kind": "gpt-chat/chats", "chats": ['),
    });
    await result.waitFor();
    expect(await result.getAttribute('role')).toBe('alert');
    expect(await result.innerText()).toContain('not valid JSON. Nothing was changed.');

    const bad = {
      kind: 'gpt-chat/chats',
      version: 1,
      chats: [
        { title: 'ok', messages: [] },
        { title: 'evil', messages: [{ role: 'hacker', content: 1 }] },
      ],
    };
    await fileInput.setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    await page.locator('gpt-chat-settings [data-import-result]', { hasText: 'chats[1].messages[0].role' }).waitFor();
    expect(await chatTitles(page)).toEqual(['Keep this']);

    // A valid file imports (and only then the list changes).
    const good = {
      kind: 'gpt-chat/chats',
      version: 1,
      chats: [
        {
          id: 'c-imported',
          title: 'Imported chat',
          messages: [{ role: 'user', content: 'hi' }],
          createdAt: 1,
          updatedAt: 1,
        },
      ],
    };
    await fileInput.setInputFiles({
      name: 'good.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(good)),
    });
    await page.locator('gpt-chat-sidebar li.item', { hasText: 'Imported chat' }).waitFor();
    expect(await result.getAttribute('role')).toBe('status');
    expect(await result.innerText()).toContain('Chats imported: 1');
    expect(await chatTitles(page)).toEqual(['Keep this', 'Imported chat']);
  });

  it('creates, exports-validates and imports personas', async () => {
    fake.reply({ chunks: sseReply(['arr']) });
    const { page } = await fresh(proxied.url);
    await page.locator('gpt-chat-persona-picker .card.add').click();
    await page.locator('gpt-chat-personas #persona-name').fill('Pirate');
    await page.locator('gpt-chat-personas #persona-emoji').fill('🏴‍☠️');
    await page.locator('gpt-chat-personas #persona-prompt').fill('Talk like a pirate.');
    await page.locator('gpt-chat-personas #persona-temperature').fill('1.1');
    await page.locator('gpt-chat-personas button[type=submit]').click();
    const input = page.locator('gpt-chat-personas input[data-import="personas"]');
    await input.setInputFiles({ name: 'p.json', mimeType: 'application/json', buffer: Buffer.from('[{"name": 42}]') });
    await page.locator('gpt-chat-personas [data-import-result][role=alert]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('gpt-chat-persona-picker .card', { hasText: 'Pirate' }).click();
    const n = fake.exchanges.length;
    await send(page, 'ahoy');
    await waitReply(page);
    const body = (await fake.waitForRequests(n + 1))[n]!.received.json;
    expect(body.messages[0]).toEqual({ role: 'system', content: 'Talk like a pirate.' });
    expect(body.temperature).toBe(1.1);
    // Only one persona card named Pirate: the rejected import added nothing.
    await page.keyboard.press('Control+Shift+O');
    expect(await page.locator('gpt-chat-persona-picker .card', { hasText: 'Pirate' }).count()).toBe(1);
  });

  it('has keyboard shortcuts: list, focus input, copy last reply', async () => {
    const { page } = await fresh(demo.url);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.url });
    await send(page, 'copy me');
    await waitReply(page);
    await page.locator('gpt-chat-sidebar input[type=search]').focus();
    await page.keyboard.press('Shift+Escape');
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat')!;
      return el.shadowRoot!.activeElement?.matches('textarea');
    });
    await page.keyboard.press('Control+Shift+C');
    await page.locator('.toast', { hasText: 'Last reply copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('Hello from gpt-chat');
    await page.keyboard.press('Control+/');
    await page.locator('gpt-chat-shortcuts dialog[open]').waitFor();
    expect(await page.locator('gpt-chat-shortcuts dt').allInnerTexts()).toContain('Copy the last reply');
  });

  it('switches the whole page to Chinese', async () => {
    const { page } = await fresh(demo.url, { lang: 'zh-CN' });
    expect(await page.locator('gpt-chat-persona-picker h1').innerText()).toBe('有什么可以帮你？');
    expect(await page.locator('[data-persona="builtin:translator"] .name').innerText()).toBe('中英互译');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.locator('gpt-chat').getAttribute('lang')).toBe('zh-CN');
  });

  it('talks to the relay named by ?relay= (a page served from elsewhere) once confirmed, and remembers it', async () => {
    fake.reply({ chunks: sseReply(['from ', 'elsewhere']) });
    // The page comes from the demo relay; ?relay= points it at the other relay (CORS allows 127.0.0.1).
    const { page } = await fresh(`${demo.url}/?relay=${encodeURIComponent(`${proxied.url}/v1`)}`);
    await page.locator('gpt-chat-relay-confirm [data-action="use"]').click();
    await page.locator('gpt-chat-relay-confirm dialog[open]').waitFor({ state: 'detached' });
    expect(new URL(page.url()).searchParams.has('relay')).toBe(false); // saved, then dropped from the address
    const n = fake.exchanges.length;
    await send(page, 'where are you?');
    await waitReply(page);
    expect(await assistantText(page)).toContain('from elsewhere');
    expect((await fake.waitForRequests(n + 1))[n]!.received.json.messages.at(-1).content).toBe('where are you?');
    // Models come from that relay too, and the setting survives a plain reload.
    await until(
      page,
      () => document.querySelector('gpt-chat-app')!.shadowRoot!.querySelectorAll('#model option').length === 4,
    );
    await page.goto(demo.url);
    await waitReady(page);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('gpt-chat-page:settings')!).relay)).toBe(
      proxied.url,
    );
  });

  it('shows a warning when storage is full, keeps the chat, and saves it once there is room', async () => {
    fake.reply({ chunks: sseReply(['still ', 'here']) });
    const { page } = await fresh(`${proxied.url}/?store=localstorage`);
    // Fill this origin's localStorage to the brim.
    await page.evaluate(() => {
      let i = 0;
      for (let size = 1 << 20; size >= 16; size >>= 1) {
        try {
          for (;;) localStorage.setItem(`filler-${i++}`, 'x'.repeat(size));
        } catch {
          /* next, smaller size */
        }
      }
    });
    await send(page, 'Do not lose me');
    await waitReply(page);
    const warning = page.locator('.warning[data-warning="storage"]');
    await warning.waitFor();
    expect(await warning.getAttribute('role')).toBe('alert');
    expect(await warning.innerText()).toContain('storage is full');
    // Nothing is lost on screen: the conversation and the list still have it.
    expect((await messages(page)).map((m) => m.content)).toEqual(['Do not lose me', 'still here']);
    expect(await chatTitles(page)).toEqual(['Do not lose me']);
    // Free space, retry: the warning goes and the chat survives a reload.
    await page.evaluate(() => {
      for (const k of Object.keys(localStorage)) if (k.startsWith('filler-')) localStorage.removeItem(k);
    });
    await warning.locator('button', { hasText: 'Retry saving' }).click();
    await warning.waitFor({ state: 'detached' });
    await page.reload();
    await waitReady(page);
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages.length === 2;
    });
    expect((await messages(page)).map((m) => m.content)).toEqual(['Do not lose me', 'still here']);
  });

  it('sends with Ctrl+Enter when that is the setting (Enter is then a newline)', async () => {
    fake.reply({ chunks: sseReply(['sent']) });
    const { page } = await fresh(proxied.url, { settings: { sendKey: 'ctrl-enter' } });
    const n = fake.exchanges.length;
    const input = page.locator('gpt-chat textarea.input');
    await input.click();
    await page.keyboard.type('line one');
    await page.keyboard.press('Enter');
    await page.keyboard.type('line two');
    expect(await input.inputValue()).toBe('line one\nline two');
    expect(await messages(page)).toEqual([]);
    await page.keyboard.press('Control+Enter');
    await waitReply(page);
    expect((await fake.waitForRequests(n + 1))[n]!.received.json.messages.at(-1)).toEqual({
      role: 'user',
      content: 'line one\nline two',
    });

    // Back to Enter in Settings: Enter sends again.
    await page.locator('gpt-chat-sidebar button.row', { hasText: 'Settings' }).click();
    await page.locator('gpt-chat-settings input[name="sendKey"]').first().check();
    await page.keyboard.press('Escape');
    await page.locator('gpt-chat-settings dialog[open]').waitFor({ state: 'detached' });
    await input.fill('plain enter');
    await input.press('Enter');
    await fake.waitForRequests(n + 2);
  });

  it('asks for the access code a relay wants, and sends it as Bearer once saved', async () => {
    const guarded = await startRelay(buildPage(), {
      upstream: fake.url,
      apiKeys: ['sk-test'],
      models: ['fake-model'],
      accessTokens: ['let-me-in-0123456789'],
    });
    app.closeLater(() => guarded.close());
    fake.reply({ chunks: sseReply(['unlocked']) });
    const { page } = await fresh(guarded.url);
    const banner = page.locator('.warning[data-warning="access-code"]');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('needs an access code');
    await banner.locator('button', { hasText: 'Settings' }).click();
    const code = page.locator('gpt-chat-settings #access-code');
    await until(page, () => {
      const s = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat-settings')!;
      return s.shadowRoot!.activeElement?.id === 'access-code';
    });
    await code.fill('let-me-in-0123456789');
    await code.press('Tab');
    await page.keyboard.press('Escape');
    await banner.waitFor({ state: 'detached' });
    await until(
      page,
      () => document.querySelector('gpt-chat-app')!.shadowRoot!.querySelectorAll('#model option').length === 3,
    );
    const n = fake.exchanges.length;
    await send(page, 'open sesame');
    await waitReply(page);
    expect(await assistantText(page)).toContain('unlocked');
    await fake.waitForRequests(n + 1);
    // Stored locally: a reload still has it.
    await page.reload();
    await waitReady(page);
    // Kept for this relay's origin only.
    const codes = await page.evaluate(() => JSON.parse(localStorage.getItem('gpt-chat-page:settings')!).accessCodes);
    expect(codes).toEqual({ [guarded.url]: 'let-me-in-0123456789' });
  });

  it('exports all chats as JSON and Markdown, and the JSON imports into another browser', async () => {
    const { page } = await fresh(demo.url);
    await send(page, 'Export me');
    await waitReply(page);
    await page.locator('gpt-chat-sidebar button.row', { hasText: 'Settings' }).click();
    const save = async (label: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('gpt-chat-settings button', { hasText: label }).click(),
      ]);
      const path = await download.path();
      const { readFile } = await import('node:fs/promises');
      return { name: download.suggestedFilename(), text: await readFile(path!, 'utf8') };
    };
    const json = await save('Export chats (JSON)');
    expect(json.name).toMatch(/^gpt-chat-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(json.text);
    expect(file.kind).toBe('gpt-chat/chats');
    expect(file.chats).toHaveLength(1);
    expect(file.chats[0].title).toBe('Export me');
    expect(file.chats[0].messages.map((m: { content: string }) => m.content)[0]).toBe('Export me');
    const md = await save('Export chats (Markdown)');
    expect(md.name.endsWith('.md')).toBe(true);
    expect(md.text).toContain('# Export me');
    expect(md.text).toContain('## You\n\nExport me');
    // The reply's own headings sit below the export's section headings (# chat, ## speaker).
    expect(md.text).toContain('## Assistant\n\n### Hello from gpt-chat');

    // Another browser profile: import the file, open the chat.
    const other = await fresh(demo.url);
    await other.page.locator('gpt-chat-sidebar button.row', { hasText: 'Settings' }).click();
    await other.page
      .locator('gpt-chat-settings input[data-import="chats"]')
      .setInputFiles({ name: json.name, mimeType: 'application/json', buffer: Buffer.from(json.text) });
    await other.page.locator('gpt-chat-settings [data-import-result][role=status]').waitFor();
    await other.page.keyboard.press('Escape');
    await other.page.locator('gpt-chat-sidebar li.item .open', { hasText: 'Export me' }).click();
    await until(other.page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages.length === 2;
    });
    expect((await messages(other.page))[1]!.content).toContain('Hello from gpt-chat');
  });

  it('follows the system theme on "System" and switches from Settings', async () => {
    const { page } = await fresh(demo.url, { theme: 'dark', settings: { theme: 'auto' } });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.locator('gpt-chat').getAttribute('theme')).toBe('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await until(page, () => document.documentElement.dataset.theme === 'light');
    await page.locator('gpt-chat-sidebar button.row', { hasText: 'Settings' }).click();
    await page.locator('gpt-chat-settings label.choice', { hasText: 'Dark' }).click();
    await until(page, () => document.documentElement.dataset.theme === 'dark');
    expect(await page.locator('gpt-chat').getAttribute('theme')).toBe('dark');
    await page.locator('gpt-chat-settings select#lang').selectOption('zh-CN');
    await page.locator('gpt-chat-settings h2', { hasText: '设置' }).waitFor();
    await page.reload();
    await waitReady(page);
    expect(await page.evaluate(() => [document.documentElement.dataset.theme, document.documentElement.lang])).toEqual([
      'dark',
      'zh-CN',
    ]);
  });

  it('edits and deletes (with undo) a persona of your own', async () => {
    const { page } = await fresh(demo.url);
    await page.locator('gpt-chat-sidebar button.row', { hasText: 'Personas' }).click();
    await page.locator('gpt-chat-personas .dialog-foot .btn.primary').click();
    await page.locator('gpt-chat-personas #persona-name').fill('Critic');
    await page.locator('gpt-chat-personas #persona-prompt').fill('Be harsh.');
    await page.locator('gpt-chat-personas button[type=submit]').click();
    await page.locator('gpt-chat-personas button[aria-label="Edit persona: Critic"]').click();
    await page.locator('gpt-chat-personas #persona-name').fill('Kind critic');
    await page.locator('gpt-chat-personas button[type=submit]').click();
    await page.locator('gpt-chat-personas li', { hasText: 'Kind critic' }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('gpt-chat-persona-picker .card', { hasText: 'Kind critic' }).waitFor();
    await page.locator('gpt-chat-sidebar button.row', { hasText: 'Personas' }).click();
    await page.locator('gpt-chat-personas button[aria-label="Delete persona: Kind critic"]').click();
    await page.locator('gpt-chat-personas li', { hasText: 'Kind critic' }).waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    expect(await page.locator('gpt-chat-persona-picker .card', { hasText: 'Kind critic' }).count()).toBe(0);
    await page.locator('.toast button', { hasText: 'Undo' }).click();
    await page.locator('gpt-chat-persona-picker .card', { hasText: 'Kind critic' }).waitFor();
    const storedNames = async () => (await stored<{ name: string }>(page, 'personas')).map((p) => p.name);
    await expect.poll(storedNames, { timeout: 20_000, interval: 100 }).toContain('Kind critic');
    await page.reload();
    await waitReady(page);
    await page.locator('gpt-chat-persona-picker .card', { hasText: 'Kind critic' }).waitFor();
  });

  it('offers the relay address from config.json next to index.html, and uses it once confirmed', async () => {
    // A static host: the page's files with config.json pointing at the relay (served here by a tiny file server).
    const { createServer } = await import('node:http');
    const { readFile } = await import('node:fs/promises');
    const { join, extname } = await import('node:path');
    const dir = buildPage();
    const types: Record<string, string> = {
      '.html': 'text/html',
      '.js': 'text/javascript',
      '.css': 'text/css',
      '.json': 'application/json',
    };
    const host = createServer(async (req, res) => {
      const path = new URL(req.url!, 'http://x').pathname;
      if (path === '/config.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ relay: `${proxied.url}/v1` }));
      }
      try {
        const body = await readFile(join(dir, path === '/' ? 'index.html' : path.slice(1)));
        res.writeHead(200, { 'content-type': types[extname(path)] ?? 'text/html' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    app.closeLater(() => new Promise((r) => host.close(r)));
    const port = (host.address() as { port: number }).port;
    fake.reply({ chunks: sseReply(['via ', 'config']) });
    const { page } = await fresh(`http://127.0.0.1:${port}/`);
    const ask = page.locator('gpt-chat-relay-confirm dialog[open]');
    await ask.waitFor();
    expect(await ask.locator('[data-address]').getAttribute('data-address')).toBe(proxied.url);
    await ask.locator('[data-action="use"]').click();
    const n = fake.exchanges.length;
    await send(page, 'static host');
    await waitReply(page);
    expect(await assistantText(page)).toContain('via config');
    expect((await fake.waitForRequests(n + 1))[n]!.received.json.messages.at(-1).content).toBe('static host');
  });

  it('saves a reply while it streams, so a closed tab keeps the partial text', async () => {
    fake.reply({ chunks: [sseChunk('Still '), sseChunk('streaming')], finish: 'hang' });
    const { page } = await fresh(proxied.url);
    await send(page, 'Long answer please');
    // The page writes the growing reply to IndexedDB while it streams (no finished/stop event needed).
    const storedContents = async () =>
      (await stored<{ messages: Array<{ content: string }> }>(page, 'chats')).flatMap((c) =>
        c.messages.map((m) => m.content),
      );
    await expect.poll(storedContents, { timeout: 20_000, interval: 200 }).toContain('Still streaming');
    await page.reload(); // the tab goes away mid-reply
    await waitReady(page);
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages.length === 2;
    });
    const [, reply] = await messages(page);
    expect(reply).toMatchObject({ role: 'assistant', content: 'Still streaming' });
    expect(reply!.status).not.toBe('streaming');
  });
});
