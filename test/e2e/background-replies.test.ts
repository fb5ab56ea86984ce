// Replies keep going in the background (issue 13, part 4): the built page on the real relay in front of a slow
// fake upstream. Two chats stream at once; switching away does not stop a reply, the chat list marks the chats
// that are replying, coming back shows the reply still streaming, both finish and are saved; a reload mid-reply
// keeps the partial text.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SSE_HEADERS, sseReply } from '../support/fake-upstream.js';
import {
  chatTitles,
  messages,
  send,
  stored,
  until,
  untilSidebarShows,
  useFakeUpstream,
  usePage,
  waitReady,
} from './harness.js';

const PIECES = 80;
/** The reply to `question`: numbered pieces, so a test can tell how far it got. */
const pieces = (question: string) => Array.from({ length: PIECES }, (_, i) => `${question}-${i} `);

/** 'alpha' holds after its 20th piece until the test lets it go: it is still replying when the test returns to it. */
let releaseAlpha = () => {};
const alphaHeld = () => new Promise<void>((resolve) => (releaseAlpha = resolve));

const fake = useFakeUpstream((received) => {
  const question: string = received.json?.messages?.at(-1)?.content ?? '';
  if (question.startsWith('fail')) {
    const error = { error: { message: 'model overloaded', type: 'server_error', code: 'overloaded' } };
    return {
      headers: SSE_HEADERS,
      chunks: [...sseReply(pieces(question)).slice(0, 12), `data: ${JSON.stringify(error)}\n\n`],
      delayMs: 150,
    };
  }
  if (question === 'alpha')
    return {
      headers: SSE_HEADERS,
      chunks: sseReply(pieces(question)),
      delayMs: 100,
      holdAfter: 20,
      release: alphaHeld(),
    };
  return { headers: SSE_HEADERS, chunks: sseReply(pieces(question)), delayMs: 100 };
});
const app = usePage(() => ({ upstream: fake.url, apiKeys: ['sk-background-test'] }));

async function fresh(): Promise<Page> {
  return (await app.open({ settings: { modelTitles: false } })).page;
}

/** The text of the last message the page's element shows. */
function shownReply(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
    return el.messages.at(-1)?.content ?? '';
  });
}

type StoredChat = { title: string; messages: Array<{ role: string; content: string; status?: string }> };

/** The reply saved (in IndexedDB) in the chat that `question` began. */
async function savedReply(page: Page, question: string): Promise<StoredChat['messages'][number] | undefined> {
  const chats = await stored<StoredChat>(page, 'chats');
  return chats.find((c) => c.messages[0]?.content === question)?.messages[1];
}

describe('replies in the background', { timeout: 90_000 }, () => {
  it('two chats stream at once; switching away and back keeps both going; both finish and are saved', async () => {
    const page = await fresh();
    await send(page, 'alpha');
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages.at(-1)?.content.includes('alpha-2');
    });
    await page.locator('gpt-chat-sidebar button.new').click();
    await send(page, 'beta');
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages.at(-1)?.content.includes('beta-1');
    });
    // Both chats are marked as replying, with a visible label.
    const replying = page.locator('gpt-chat-sidebar li.item .replying');
    await untilSidebarShows(page, '.replying', 2);
    expect(await replying.first().innerText()).toContain('Replying');

    // Back to the first chat: its reply went on meanwhile and keeps streaming in view.
    await page.locator('gpt-chat-sidebar li.item .open', { hasText: 'alpha' }).click();
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages[0]?.content === 'alpha' && el.messages.at(-1)?.status === 'streaming';
    });
    releaseAlpha();
    const bubble = page.locator('gpt-chat .msg.assistant .bubble').last();
    const seen = (await bubble.innerText()).length;
    await page.waitForFunction(
      (n) => {
        const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
        const bubbles = el.shadowRoot.querySelectorAll('.msg.assistant .bubble');
        const body = bubbles[bubbles.length - 1]?.textContent ?? '';
        return body.trim().length > n && body.includes('alpha-');
      },
      seen,
      { timeout: 20_000, polling: 50 },
    );
    expect((await bubble.innerText()).length).toBeGreaterThan(seen);
    // The list holds still while both reply (each saved every 1.5 s), newest question first: a click lands on the
    // chat it aimed at. Ordered by each save, the two swapped places every second or so.
    const orders = new Set<string>();
    for (let i = 0; i < 12; i++) {
      orders.add((await chatTitles(page)).join(' | '));
      await page.waitForTimeout(250);
    }
    expect([...orders]).toEqual(['beta | alpha']);

    // Both finish in their own chats and are saved; the indicators go away.
    await until(
      page,
      () =>
        document
          .querySelector('gpt-chat-app')!
          .shadowRoot!.querySelector('gpt-chat-sidebar')!
          .shadowRoot!.querySelectorAll('.replying').length === 0,
      30_000,
    );
    const full = (q: string) => pieces(q).join('');
    let chats: StoredChat[] = [];
    await expect
      .poll(async () => {
        chats = await stored<StoredChat>(page, 'chats');
        return chats.map((c) => c.messages.at(-1)?.content).sort();
      })
      .toEqual([full('alpha'), full('beta')]);
    for (const chat of chats) expect(chat.messages.at(-1)!.status).toBe('complete');
    // The second chat, opened again, shows its whole reply.
    await page.locator('gpt-chat-sidebar li.item .open', { hasText: 'beta' }).click();
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages[0]?.content === 'beta';
    });
    expect(await shownReply(page)).toBe(full('beta'));
  });

  it('a reload while a background chat streams keeps its partial reply', async () => {
    const page = await fresh();
    await send(page, 'gamma');
    await page.locator('gpt-chat-sidebar button.new').click();
    await send(page, 'delta');
    // Wait until the background chat's partial text is in the store (saved while it streams), then reload.
    await expect
      .poll(async () => (await savedReply(page, 'gamma'))?.content.includes('gamma-5'), { timeout: 20_000 })
      .toBe(true);
    await page.reload();
    await waitReady(page);
    await page.locator('gpt-chat-sidebar li.item .open', { hasText: 'gamma' }).click();
    await until(page, () => {
      const el = document.querySelector('gpt-chat-app')!.shadowRoot!.querySelector('gpt-chat') as any;
      return el.messages[0]?.content === 'gamma' && el.messages.length === 2;
    });
    const last = (await messages(page)).at(-1)!;
    expect(last.content).toContain('gamma-0 gamma-1');
    expect(last.status).toBe('interrupted');
  });

  it('an error in a background chat is kept and shown on return', async () => {
    const page = await fresh();
    await send(page, 'fail later');
    await page.locator('gpt-chat-sidebar button.new').click();
    await send(page, 'meanwhile');
    // The first chat fails while the second is shown: nothing of it appears here.
    await expect
      .poll(async () => (await savedReply(page, 'fail later'))?.status, { timeout: 20_000 })
      .toBe('interrupted');
    expect(await page.locator('gpt-chat .notice.error').count()).toBe(0);
    await page.locator('gpt-chat-sidebar li.item .open', { hasText: 'fail later' }).click();
    await page.locator('gpt-chat .notice.error').waitFor();
    expect(await shownReply(page)).toContain('fail later-0');
    await page.locator('gpt-chat .notice.error button.retry').waitFor();
  });
});
