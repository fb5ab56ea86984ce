// The page's model picker tells the truth: it shows what the next request sends, keeps the relay's order, remembers
// the last model for new chats and across reloads, and takes a typed model id the relay does not list.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sseReply } from '../support/fake-upstream.js';
import { send, until, useFakeUpstream, usePage, waitReady, waitReply } from './harness.js';

/** Deliberately not alphabetical: the page keeps the relay's order. */
const LISTED = ['gamma-model', 'alpha-model', 'beta-model'];

const fake = useFakeUpstream({ chunks: sseReply(['ok']) });
// No model allowlist (a typed id must reach the upstream); the list the page sees is served by the route below.
const app = usePage(() => ({ upstream: fake.url, apiKeys: ['sk-test'] }));

const listModels = (context: BrowserContext) =>
  context.route('**/v1/models', (route) =>
    route.fulfill({ json: { object: 'list', data: LISTED.map((id) => ({ id, object: 'model', owned_by: 'x' })) } }),
  );

async function fresh(): Promise<Page> {
  const { page } = await app.open({ setup: listModels });
  await until(
    page,
    () => document.querySelector('gpt-chat-app')!.shadowRoot!.querySelectorAll('#model option').length >= 4,
  );
  return page;
}

/** What the picker shows: the selected option's text (or the typed field's value). */
const shown = (page: Page) =>
  page.evaluate(() => {
    const picker = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('#model') as
      HTMLSelectElement | HTMLInputElement;
    return picker instanceof HTMLSelectElement ? picker.selectedOptions[0]?.textContent : picker.value;
  });

const options = (page: Page) => page.locator('.bar select#model option').allInnerTexts();
/** The model options alone (without "Default model" and "Other model…"). */
const listed = async (page: Page) => (await options(page)).slice(1).filter((o) => o !== 'Other model…');

async function sendAndGetModel(page: Page, text: string): Promise<string | undefined> {
  const n = fake.exchanges.length;
  await send(page, text);
  await waitReply(page);
  return (await fake.waitForRequests(n + 1))[n]!.received.json.model;
}

describe('the model picker', { timeout: 90_000 }, () => {
  it('shows what each request sends, in a stable order, and remembers the last model', async () => {
    const page = await fresh();
    const select = page.locator('.bar select#model');
    expect(await listed(page)).toEqual(LISTED);

    await select.selectOption('alpha-model');
    expect(await shown(page)).toBe('alpha-model');
    expect(await sendAndGetModel(page, 'first')).toBe('alpha-model');
    expect(await shown(page)).toBe('alpha-model');
    expect(await listed(page)).toEqual(LISTED);

    await select.selectOption('beta-model');
    expect(await shown(page)).toBe('beta-model');
    expect(await sendAndGetModel(page, 'second')).toBe('beta-model');
    expect(await shown(page)).toBe('beta-model');
    expect(await listed(page)).toEqual(LISTED);

    expect(await options(page)).toEqual(['Default model', ...LISTED, 'Other model…']);

    // A reload, then a new chat: it starts with the last model used.
    await page.reload();
    await waitReady(page);
    await page.keyboard.press('Control+Shift+O');
    await until(
      page,
      () => document.querySelector('gpt-chat-app')!.shadowRoot!.querySelectorAll('#model option').length >= 4,
    );
    expect(await shown(page)).toBe('beta-model');
    expect(await sendAndGetModel(page, 'third')).toBe('beta-model');
  });

  it('takes a typed model id the relay does not list (trimmed, not empty)', async () => {
    const page = await fresh();
    await page.locator('.bar select#model').selectOption({ label: 'Other model…' });
    const field = page.locator('.bar input#model');
    expect(await field.evaluate((e) => e === (e.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await field.fill('   ');
    await field.press('Enter');
    expect(await field.evaluate((e: HTMLInputElement) => e.validationMessage)).toBe('Type a model id.');
    await field.fill('  my-own-model  ');
    await field.press('Enter');
    await page.locator('.bar select#model').waitFor();
    expect(await shown(page)).toBe('my-own-model');
    expect(await options(page)).toEqual(['Default model', ...LISTED, 'my-own-model', 'Other model…']);
    expect(await sendAndGetModel(page, 'custom')).toBe('my-own-model');
    expect(await shown(page)).toBe('my-own-model');

    // Escape leaves the field without changing the model.
    await page.locator('.bar select#model').selectOption({ label: 'Other model…' });
    await field.fill('never-sent');
    await field.press('Escape');
    await page.locator('.bar select#model').waitFor();
    expect(await shown(page)).toBe('my-own-model');
  });
});
