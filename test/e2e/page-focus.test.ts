// Where keyboard focus goes on the page: on opening (desktop vs phone), after a rename with Enter, after a delete,
// in the phone drawer, and through the persona cards (one radio group). Real keys, the built page, the demo model.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { builtinPersonas } from '../../demo/src/personas.js';
import { chatTitles, openTwoChats, send, usePage, waitReply, type PageOptions } from './harness.js';

const demo = usePage({ demoDelayMs: 1 });

async function fresh(o: PageOptions = {}): Promise<Page> {
  return (await demo.open(o)).page;
}

/** The focused element, followed through shadow roots, described as tag.class[data-id]. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return 'none';
    const li = el.closest('li.item') as HTMLElement | null;
    return `${el.localName}.${[...el.classList].join('.')}${li ? `[${li.innerText.trim()}]` : ''}`;
  });
}

type App = { current: { title: string } };
const currentTitle = (page: Page) =>
  page.evaluate(() => (document.querySelector('gpt-chat-app') as unknown as App).current.title);

async function twoChats(page: Page): Promise<void> {
  await openTwoChats(page);
  expect(await chatTitles(page)).toEqual(['Chat two', 'Chat one']);
}

describe('page focus', { timeout: 60_000 }, () => {
  it('the message box has focus when the page opens on a desktop', async () => {
    const page = await fresh({ width: 1440, height: 900 });
    await expect.poll(() => focused(page)).toBe('textarea.input');
    await page.keyboard.type('typed at once');
    expect(await page.locator('gpt-chat textarea.input').inputValue()).toBe('typed at once');
  });

  it('on a phone nothing takes focus on open, and the drawer does not focus Search', async () => {
    const page = await fresh({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect(await focused(page)).toBe('body.');
    await page.locator('.bar button').first().tap();
    await page.locator('.shell.drawer-open').waitFor();
    await expect.poll(() => focused(page)).not.toBe('body.');
    expect(await focused(page)).not.toContain('input');
  });

  it('Rename + Enter saves the title and does not open that chat', async () => {
    const page = await fresh({ width: 1440, height: 900 });
    await twoChats(page);
    const one = page.locator('gpt-chat-sidebar li.item', { hasText: 'Chat one' });
    await one.hover();
    await one.locator('button[aria-label^="Rename"]').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Renamed chat');
    await page.keyboard.press('Enter');
    await page.locator('gpt-chat-sidebar li.item', { hasText: 'Renamed chat' }).waitFor();
    await page.waitForTimeout(200);
    expect(await currentTitle(page)).toBe('Chat two');
    expect(await focused(page)).toBe('button.open[Renamed chat]');
  });

  it('after a delete, focus goes to the next chat, not the page body', async () => {
    const page = await fresh({ width: 1440, height: 900 });
    await twoChats(page);
    await page.keyboard.press('Control+Shift+O');
    await send(page, 'Chat three');
    await waitReply(page);
    // Keyboard only: Tab from the first chat's button to its Delete button, then Enter.
    await page.locator('gpt-chat-sidebar li.item', { hasText: 'Chat two' }).locator('button.open').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toContain('button.icon-btn.small[Chat two]');
    await page.keyboard.press('Enter');
    await page.locator('.toast', { hasText: 'Chat deleted' }).waitFor();
    await expect.poll(() => focused(page)).toBe('button.open[Chat one]');
    // The last chat in the list: focus goes to the one before it.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => chatTitles(page)).toEqual(['Chat three']);
    await expect.poll(() => focused(page)).toBe('button.open[Chat three]');
  });

  it('the personas are one radio group: one Tab stop, arrow keys move the choice', async () => {
    const ids = builtinPersonas('en').map((p) => p.id);
    const page = await fresh({ width: 1440, height: 900 });
    const radios = page.locator('gpt-chat-persona-picker [role=radio]');
    const checked = () => radios.and(page.locator('[aria-checked=true]')).getAttribute('data-persona');
    const first = await checked();
    const at = ids.indexOf(first!);
    // Tab into the group lands on the chosen card; one more Tab leaves the group for New persona.
    await page.locator('gpt-chat-persona-picker [role=radio]').first().focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button.card');
    expect(
      await page.evaluate(() => {
        const picker = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat-persona-picker')!;
        return (picker.shadowRoot!.activeElement as HTMLElement).dataset.persona;
      }),
    ).toBe(first);
    await page.keyboard.press('ArrowRight');
    await expect.poll(checked).toBe(ids[(at + 1) % ids.length]);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(checked).toBe(ids[(at - 1 + ids.length) % ids.length]);
    await page.keyboard.press('End');
    await expect.poll(checked).toBe(ids.at(-1));
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button.card.add');
  });

  // Screenshots for a person to look at (not compared): the focused radio group, phone and desktop, three looks.
  // Six pages in a row: on a loaded machine each takes several seconds to open.
  it('shoots the focused persona group', { timeout: 180_000 }, async () => {
    const dir = resolve(import.meta.dirname, '../../.tmp/shots');
    mkdirSync(dir, { recursive: true });
    for (const [width, height] of [
      [390, 844],
      [1440, 900],
    ] as const) {
      for (const look of ['light', 'dark', 'zh-CN'] as const) {
        const theme = look === 'dark' ? 'dark' : 'light';
        const page = await fresh({ width, height, theme, lang: look === 'zh-CN' ? 'zh-CN' : 'en' });
        await page.locator('gpt-chat-persona-picker [role=radio][tabindex="0"]').focus();
        await page.keyboard.press('ArrowDown');
        await page.screenshot({ path: resolve(dir, `personas-${width}-${look}.png`) });
      }
    }
  });
});
