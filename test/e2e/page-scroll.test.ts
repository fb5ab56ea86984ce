// The page's conversation follows the newest reply at a human pace on desktop and phone, also after the reader
// once scrolled up with a real mouse wheel; the "jump to latest" button takes them back.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { send, usePage, waitReply } from './harness.js';

const demo = usePage({ demoDelayMs: 3 });

/** How far (px) the element's log is from its bottom. */
const distance = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat')!;
    const log = el.shadowRoot!.querySelector('.log')!;
    return Math.round(log.scrollHeight - log.scrollTop - log.clientHeight);
  });

async function settle(page: Page): Promise<void> {
  await waitReply(page);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

for (const [name, width, height] of [
  ['desktop', 1440, 900],
  ['phone', 390, 844],
] as const) {
  describe(`the page follows the conversation (${name} ${width}×${height})`, { timeout: 90_000 }, () => {
    it('every reply of human-paced sends ends at the bottom, also after a wheel up; the jump button returns', async () => {
      const { page } = await demo.open({ width, height });
      await send(page, 'first');
      await settle(page);
      const log = page.locator('gpt-chat .log');
      const box = (await log.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -700);
      await page.waitForTimeout(300);
      expect(await distance(page)).toBeGreaterThan(100);
      for (let i = 0; i < 4; i++) {
        await page.waitForTimeout(600);
        await send(page, `message ${i}`);
        await settle(page);
        expect(await distance(page), `reply ${i + 1}`).toBeLessThanOrEqual(1);
      }
      await page.mouse.wheel(0, -700);
      const jump = page.locator('gpt-chat [part="jump"]');
      await jump.waitFor({ timeout: 5000 });
      expect(await jump.getAttribute('aria-label')).toBe('Jump to latest');
      await jump.click();
      await page.waitForTimeout(100);
      expect(await distance(page)).toBeLessThanOrEqual(1);
      await jump.waitFor({ state: 'detached', timeout: 5000 });
    });
  });
}
