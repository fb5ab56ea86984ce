// Screenshots (phone 390×844 and desktop 1440×900, light and dark) written to test-results/screenshots/, and
// axe-core on the page in both themes: the empty new-chat screen, a conversation, the phone drawer and dialogs.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axe, screenshotPath, send, usePage, waitReply } from './harness.js';

const app = usePage({ demoDelayMs: 0 });

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;
const THEMES = ['light', 'dark'] as const;

async function expectNoViolations(page: Page, where: string): Promise<void> {
  const violations = await axe(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** The page never scrolls sideways. */
async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('page visuals and accessibility', { timeout: 90_000 }, () => {
  for (const size of SIZES)
    for (const theme of THEMES)
      it(`${size.name} ${theme}: screenshots, axe, no horizontal scroll`, async () => {
        const { context, page, errors } = await app.open({
          width: size.width,
          height: size.height,
          theme,
          settings: { theme },
        });
        try {
          expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
          await page.screenshot({ path: screenshotPath(`${size.name}-${theme}-new-chat`) });
          await expectNoViolations(page, `${size.name} ${theme} new chat`);
          await expectNoHorizontalScroll(page);

          await send(page, 'Show me what gpt-chat can do');
          await waitReply(page);
          await page.locator('gpt-chat [part~="assistant"] pre').first().waitFor();
          await page.waitForTimeout(300); // let lazy highlighting and scroll settle before the picture
          await page.screenshot({ path: screenshotPath(`${size.name}-${theme}-chat`) });
          await expectNoViolations(page, `${size.name} ${theme} chat`);
          await expectNoHorizontalScroll(page);

          if (size.name === 'phone') {
            // An on-screen keyboard shrinks the viewport: the input must stay in view, the page must not scroll.
            await page.setViewportSize({ width: size.width, height: 420 });
            await page.locator('gpt-chat textarea.input').focus();
            await page.waitForTimeout(200);
            const box = await page.locator('gpt-chat textarea.input').boundingBox();
            expect(box!.y + box!.height).toBeLessThanOrEqual(420);
            expect(box!.y).toBeGreaterThan(0);
            expect(await page.locator('.bar').boundingBox()).toMatchObject({ y: 0 });
            await page.screenshot({ path: screenshotPath(`${size.name}-${theme}-keyboard`) });
            await page.setViewportSize({ width: size.width, height: size.height });

            await page.locator('.bar button[aria-label="Open sidebar"]').click();
            await page.locator('.shell.drawer-open').waitFor();
            await page.waitForTimeout(300); // the drawer slides in
            await page.screenshot({ path: screenshotPath(`${size.name}-${theme}-drawer`) });
            await expectNoViolations(page, `${size.name} ${theme} drawer`);
            await page.keyboard.press('Escape');
            await page.locator('.shell.drawer-open').waitFor({ state: 'detached' });
          }

          await page.locator(size.name === 'phone' ? '.persona-chip' : '.persona-chip').click();
          await page.locator('gpt-chat-options dialog[open]').waitFor();
          await page.screenshot({ path: screenshotPath(`${size.name}-${theme}-chat-options`) });
          await expectNoViolations(page, `${size.name} ${theme} chat options`);
          await page.keyboard.press('Escape');

          if (size.name === 'phone') await page.locator('.bar button[aria-label="Open sidebar"]').click();
          await page.locator('gpt-chat-sidebar button.row', { hasText: 'Settings' }).click();
          await page.locator('gpt-chat-settings dialog[open]').waitFor();
          await page.screenshot({ path: screenshotPath(`${size.name}-${theme}-settings`) });
          await expectNoViolations(page, `${size.name} ${theme} settings`);
          await page.keyboard.press('Escape');
          await page.locator('gpt-chat-settings dialog[open]').waitFor({ state: 'detached' });

          await page.keyboard.press('Control+Shift+O'); // a new chat: the persona picker
          await page.locator('gpt-chat-persona-picker .card.add').click();
          await page.locator('gpt-chat-personas dialog[open] #persona-name').waitFor();
          await page.screenshot({ path: screenshotPath(`${size.name}-${theme}-persona-editor`) });
          await expectNoViolations(page, `${size.name} ${theme} persona editor`);
          await page.keyboard.press('Escape');
          await page.locator('gpt-chat-personas dialog[open]').waitFor({ state: 'detached' });

          await page.keyboard.press('Control+/');
          await page.locator('gpt-chat-shortcuts dialog[open]').waitFor();
          await page.screenshot({ path: screenshotPath(`${size.name}-${theme}-shortcuts`) });
          await expectNoViolations(page, `${size.name} ${theme} shortcuts`);
          await page.keyboard.press('Escape');

          expect(errors).toEqual([]);
        } finally {
          await context.close();
        }
      });

  for (const [size, theme] of [
    [SIZES[1], 'dark'],
    [SIZES[0], 'light'],
  ] as const)
    it(`zh-CN ${size.name} ${theme}: screenshot and axe`, async () => {
      const { context, page } = await app.open({
        width: size.width,
        height: size.height,
        theme,
        lang: 'zh-CN',
      });
      try {
        await page.screenshot({ path: screenshotPath(`${size.name}-${theme}-zh-CN-new-chat`) });
        await expectNoViolations(page, `zh-CN ${size.name} new chat`);
        await send(page, '你好，介绍一下你自己');
        await waitReply(page);
        await page.waitForTimeout(300);
        await page.screenshot({ path: screenshotPath(`${size.name}-${theme}-zh-CN-chat`) });
        await expectNoViolations(page, `zh-CN ${size.name} chat`);
      } finally {
        await context.close();
      }
    });
});
