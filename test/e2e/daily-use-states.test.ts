// The states of daily use (issue 13), each checked on screen and photographed in every SCREENSHOT_VIEWS view
// (daily-<state>-<view>.png): the jump button after scrolling up, the model picker open on the model the next
// request sends, a provider that rejects the relay's key, two chats replying at once, the "Waiting for the model…"
// counter before the first token, and a regenerated turn's ‹ 2/2 ›. The built page on the real relay, a fake upstream.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { translator } from '../../demo/src/i18n.js';
import { translate } from '../../src/widget/i18n.js';
import { JSON_HEADERS, SSE_HEADERS, sseReply, type Reply } from '../support/fake-upstream.js';
import {
  SCREENSHOT_VIEWS,
  screenshotPath,
  send,
  until,
  untilSidebarShows,
  useFakeUpstream,
  usePage,
  waitReply,
} from './harness.js';

const MODELS = ['gpt-4o-mini', 'gpt-4o', 'o3-mini'];
/** A long answer: a few of them make a conversation that scrolls. */
const LONG = Array.from(
  { length: 24 },
  (_, i) => `Paragraph ${i + 1}: a long answer keeps going, line after line.\n\n`,
);
/** Held replies ('hold …') wait after a few pieces until the test lets them go. */
const releases: Array<() => void> = [];
const releaseAll = () => releases.splice(0).forEach((release) => release());
let answered = 0;

const fake = useFakeUpstream((received): Reply => {
  if (received.path.endsWith('/models'))
    return {
      headers: JSON_HEADERS,
      body: JSON.stringify({ object: 'list', data: MODELS.map((id) => ({ id, object: 'model', owned_by: 'x' })) }),
    };
  const question: string = received.json?.messages?.at(-1)?.content ?? '';
  if (question.startsWith('auth'))
    return {
      status: 401,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' },
      }),
    };
  if (question.startsWith('long')) return { headers: SSE_HEADERS, chunks: sseReply(LONG) };
  if (question.startsWith('slow'))
    return { headers: SSE_HEADERS, chunks: sseReply(['Finally here.']), stallAfterHeadersMs: 20_000 };
  if (question.startsWith('hold')) {
    const words = Array.from({ length: 40 }, (_, i) => `word${i} `);
    return {
      headers: SSE_HEADERS,
      chunks: sseReply(words),
      holdAfter: 4,
      release: new Promise((r) => releases.push(r)),
    };
  }
  return { headers: SSE_HEADERS, chunks: sseReply([`Answer ${++answered}: `, 'a short reply to “', question, '”.']) };
});
const app = usePage(() => ({ upstream: fake.url, apiKeys: ['sk-daily-use-test'] }));

type View = (typeof SCREENSHOT_VIEWS)[number];
const langOf = (o: View[1]) => ('lang' in o ? o.lang : 'en');
/** The element's own strings and the page's, in the view's language. */
const widgetT = (o: View[1]) => (key: Parameters<typeof translate>[1], p?: Record<string, number>) =>
  translate(langOf(o), key, p);
const pageT = (o: View[1]) => translator(langOf(o));

/** Opens each view on a fresh profile; `show` brings the state on screen and checks it; then a screenshot. */
async function eachView(state: string, show: (page: Page, o: View[1]) => Promise<void>): Promise<void> {
  for (const [view, o] of SCREENSHOT_VIEWS) {
    const { context, page, errors } = await app.open({ ...o, settings: { modelTitles: false } });
    try {
      await show(page, o);
      await page.screenshot({ path: screenshotPath(`daily-${state}-${view}`) });
      expect(errors, view).toEqual([]);
    } finally {
      releaseAll();
      await context.close();
    }
  }
}

/** The element is drawn inside the viewport, and the topmost thing at its centre is it (nothing covers it). */
async function expectOnScreen(target: Locator, what: string): Promise<void> {
  await target.waitFor({ state: 'visible', timeout: 20_000 });
  const seen = await target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
    let hit: Element | null = document.elementFromPoint(x, y);
    while (hit?.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    const inside =
      r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
    return { inside, uncovered: !!hit && (hit === el || el.contains(hit)) };
  });
  expect(seen, what).toEqual({ inside: true, uncovered: true });
}

/** On a phone the chat list is in the drawer: open it. */
async function showChatList(page: Page, o: View[1]): Promise<void> {
  if (o.width >= 600) return;
  await page.locator(`.bar button[aria-label="${pageT(o)('openSidebar')}"]`).click();
  await page.locator('.shell.drawer-open').waitFor();
  await page.waitForTimeout(400); // the drawer slides in
}

const lastReply = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
    return el.messages.at(-1) as { content: string; status?: string };
  });

describe('daily use: states on screen', { timeout: 180_000 }, () => {
  it('jump: a long conversation scrolled up shows the round ↓ jump button', async () => {
    await eachView('jump', async (page, o) => {
      for (const q of ['long answer one', 'long answer two']) {
        await send(page, q);
        await waitReply(page);
      }
      const jump = page.locator('gpt-chat [part="jump"]');
      expect(await jump.count()).toBe(0); // at the bottom, no button
      const box = (await page.locator('gpt-chat .log').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -1500);
      await expectOnScreen(jump, 'jump button');
      expect(await jump.getAttribute('aria-label')).toBe(widgetT(o)('jump'));
      const fromBottom = await page
        .locator('gpt-chat .log')
        .evaluate((l) => l.scrollHeight - l.scrollTop - l.clientHeight);
      expect(fromBottom).toBeGreaterThan(300);
      await page.waitForTimeout(300); // the wheel's smooth scroll settles
    });
  });

  it('picker: the model picker open, on the model the next request sends', async () => {
    await eachView('picker', async (page) => {
      const select = page.locator('.bar select#model');
      await until(
        page,
        () => document.querySelector('gpt-chat-app')!.shadowRoot!.querySelectorAll('#model option').length >= 5,
      );
      await select.selectOption('gpt-4o');
      const before = fake.exchanges.length;
      await send(page, 'which model answers?');
      await waitReply(page);
      const sent = fake.exchanges.slice(before).find((e) => Array.isArray(e.received.json?.messages));
      expect(sent?.received.json.model).toBe('gpt-4o');
      await select.click(); // opens the list
      await expect.poll(() => select.evaluate((s) => s.matches(':open'))).toBe(true);
      expect(await select.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('gpt-4o');
      await expectOnScreen(select, 'model picker');
      await page.waitForTimeout(300);
    });
  });

  it('auth: the provider rejected the relay key → its message, and no access-code box', async () => {
    await eachView('auth', async (page, o) => {
      await send(page, 'auth check');
      const notice = page.locator('gpt-chat .notice.error[data-kind="upstream-auth"]');
      await expectOnScreen(notice, 'upstream-auth notice');
      expect(await notice.innerText()).toContain(widgetT(o)('errorUpstreamAuth'));
      expect(await page.locator('gpt-chat form.access').count()).toBe(0);
      expect(await page.locator('gpt-chat input[type="password"]').count()).toBe(0);
      await expectOnScreen(notice.locator('button.retry'), 'retry button');
    });
  });

  it('background: two chats replying at once, both marked in the chat list', async () => {
    await eachView('background', async (page, o) => {
      await send(page, 'hold: plan a weekend trip');
      await until(page, () => {
        const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
        return el.messages.at(-1)?.content.includes('word2');
      });
      await page.keyboard.press('Control+Shift+O');
      await send(page, 'hold: a soup recipe');
      await until(page, () => {
        const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
        return el.messages[0]?.content === 'hold: a soup recipe' && el.messages.at(-1)?.content.includes('word2');
      });
      await untilSidebarShows(page, '.replying', 2);
      await showChatList(page, o);
      const replying = page.locator('gpt-chat-sidebar li.item .replying');
      for (const i of [0, 1]) {
        await expectOnScreen(replying.nth(i), `replying mark ${i + 1}`);
        expect(await replying.nth(i).innerText()).toContain(pageT(o)('replying'));
      }
      // The open chat's row shows its buttons: the mark keeps only its dot there, and the short title is not cut.
      const title = page.locator('gpt-chat-sidebar li.item.active .title');
      expect(await title.evaluate((t) => t.scrollWidth <= t.clientWidth), 'active title not truncated').toBe(true);
      expect((await lastReply(page)).status).toBe('streaming');
    });
  });

  it('waiting: before the first token, the "Waiting for the model… N s" counter', async () => {
    await eachView('waiting', async (page, o) => {
      await send(page, 'slow model, please');
      const waiting = page.locator('gpt-chat .msg.assistant .status.waiting');
      await expectOnScreen(waiting, 'waiting counter');
      const [before, after] = widgetT(o)('waiting', { s: 999 }).split('999');
      const seconds = async () => {
        const text = (await waiting.innerText()).trim();
        expect(text.startsWith(before!.trim()) && text.endsWith(after!.trim()), text).toBe(true);
        return Number(text.match(/(\d+)/)?.[1]);
      };
      await expect.poll(seconds, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
      expect(await lastReply(page)).toMatchObject({ content: '', status: 'streaming' });
    });
  });

  it('versions: a regenerated turn shows the ‹ 2/2 › switcher', async () => {
    await eachView('versions', async (page, o) => {
      await send(page, 'name a colour');
      await waitReply(page);
      const first = (await lastReply(page)).content;
      await page.locator('gpt-chat .msg.assistant button.regenerate').click();
      const versions = page.locator('gpt-chat .msg.assistant [part="versions"]');
      await versions.locator('.count', { hasText: '2/2' }).waitFor({ timeout: 20_000 });
      await waitReply(page);
      expect((await lastReply(page)).content).not.toBe(first);
      expect(await versions.getAttribute('aria-label')).toBe(widgetT(o)('versions'));
      for (const part of ['button.previous', '.count', 'button.next'])
        await expectOnScreen(versions.locator(part), part);
      expect(await versions.locator('button.previous').isEnabled()).toBe(true);
      expect(await versions.locator('button.next').isDisabled()).toBe(true);
    });
  });
});
