// The log follows the conversation: sending always lands at the bottom, a streamed reply is followed, and
// only the reader's own scrolling (wheel, keys, touch) stops that; the round "jump" button brings them back.
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { ok, equal } from '../_support/assert.js';
import { $, cleanup, endpoint, idle, mount, uniqueKey, waitFor } from '../_support/helpers.js';
import type { GptChat } from '../../../src/widget/index.js';

/** Short to stream (the fake endpoint writes a few bytes per millisecond), tall to show. */
const REPLY = Array.from({ length: 10 }, (_, i) => `P${i + 1}`).join('\n\n');

const logOf = (el: GptChat) => $(el, '.log')!;
const distance = (log: HTMLElement) => log.scrollHeight - log.scrollTop - log.clientHeight;
const frames = (n = 2) =>
  new Promise<void>((resolve) => {
    const step = (left: number) => (left ? requestAnimationFrame(() => step(left - 1)) : resolve());
    step(n);
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a wheel turned upward does: the wheel event, then the scroll it causes. */
async function wheelUp(log: HTMLElement, to = 0): Promise<void> {
  log.dispatchEvent(new WheelEvent('wheel', { deltaY: -400, bubbles: true, composed: true }));
  log.scrollTop = to;
  await frames();
}

async function sendAndSettle(el: GptChat, text: string): Promise<void> {
  await el.send(text);
  await idle(el);
  await frames(3);
}

describe('<gpt-chat> scrolling follows the conversation', () => {
  afterEach(async () => {
    cleanup();
    await setViewport({ width: 1024, height: 768 });
  });

  it('after the reader scrolled up once, every reply of human-paced sends ends at the bottom', async () => {
    const el = await mount(
      { endpoint: endpoint('normal', uniqueKey('pace'), { reply: REPLY }) },
      'width: 400px; height: 360px',
    );
    const log = logOf(el);
    await sendAndSettle(el, 'first');
    ok(log.scrollHeight > log.clientHeight, 'the log overflows');
    await wheelUp(log);
    for (let i = 0; i < 5; i++) {
      await sleep(250);
      await sendAndSettle(el, `message ${i}`);
      ok(distance(log) <= 1, `reply ${i + 1} ends ${distance(log)}px below the view`);
    }
  });

  it('follows a long streamed reply to within a few px (after the reader once scrolled up)', async () => {
    const el = await mount({ endpoint: endpoint('long', uniqueKey('long')) }, 'width: 400px; height: 300px');
    const log = logOf(el);
    void el.send('many lines');
    await waitFor(() => log.scrollHeight > log.clientHeight * 2, 'overflowing content');
    await wheelUp(log);
    el.stop();
    await idle(el);
    void el.send('more lines');
    await waitFor(() => el.messages.at(-1)?.content.includes('Line 3'), 'the second reply streaming');
    let worst = 0;
    const start = log.scrollHeight;
    while (log.scrollHeight < start + 1500) {
      await frames(1);
      await sleep(0);
      worst = Math.max(worst, distance(log));
    }
    ok(worst <= 4, `the view fell ${worst}px behind the stream`);
    el.stop();
    await idle(el);
  });

  it('programmatic scrolls never stop following', async () => {
    const el = await mount({ endpoint: endpoint('long', uniqueKey('prog')) }, 'width: 400px; height: 300px');
    const log = logOf(el);
    void el.send('many lines');
    await waitFor(() => log.scrollHeight > log.clientHeight * 2, 'overflowing content');
    log.scrollTop = 0; // a script, not the reader
    const then = log.scrollHeight;
    await waitFor(() => log.scrollHeight > then + 200, 'more content');
    await frames();
    ok(distance(log) <= 4, `still following (${distance(log)}px)`);
    el.stop();
    await idle(el);
  });

  it('the reader scrolling up during a stream stops following and shows the jump button; it returns and resumes', async () => {
    const el = await mount({ endpoint: endpoint('long', uniqueKey('jump')) }, 'width: 400px; height: 300px');
    const log = logOf(el);
    void el.send('many lines');
    await waitFor(() => log.scrollHeight > log.clientHeight * 2, 'overflowing content');
    ok(!$(el, '[part="jump"]'), 'no jump button at the bottom');
    await wheelUp(log, 40);
    const then = log.scrollHeight;
    await waitFor(() => log.scrollHeight > then + 200, 'more content');
    equal(log.scrollTop, 40, 'stays where the reader scrolled to');
    const jump = await waitFor(() => $<HTMLButtonElement>(el, 'button[part="jump"]'), 'the jump button');
    equal(jump.getAttribute('aria-label'), 'Jump to latest');
    equal(getComputedStyle(jump).borderRadius, '50%');
    jump.click();
    await frames();
    ok(distance(log) <= 1, 'back at the bottom');
    const h2 = log.scrollHeight;
    await waitFor(() => log.scrollHeight > h2 + 200, 'more content');
    await frames();
    ok(distance(log) <= 4, 'following again');
    await waitFor(() => !$(el, '[part="jump"]'), 'the jump button goes away');
    el.stop();
    await idle(el);
  });

  it('keys scroll the log up (real key presses); scrolling back down resumes following', async () => {
    const el = await mount({ endpoint: endpoint('long', uniqueKey('keys')) }, 'width: 400px; height: 300px');
    const log = logOf(el);
    void el.send('many lines');
    await waitFor(() => log.scrollHeight > log.clientHeight * 3, 'overflowing content');
    log.focus();
    const before = log.scrollTop;
    await sendKeys({ press: 'Home' });
    await waitFor(() => log.scrollTop < before - 200, 'scrolled up');
    await sleep(400); // the smooth key scroll settles
    const top = log.scrollTop;
    const then = log.scrollHeight;
    await waitFor(() => log.scrollHeight > then + 200, 'more content');
    ok(Math.abs(log.scrollTop - top) < 50 && distance(log) > 200, 'not pulled back down');
    await sendKeys({ press: 'End' });
    await waitFor(() => distance(log) <= 4, 'at the bottom again');
    const h2 = log.scrollHeight;
    await waitFor(() => log.scrollHeight > h2 + 200, 'more content');
    await frames();
    ok(distance(log) <= 4, 'following again');
    el.stop();
    await idle(el);
  });

  it('content that grows after the reply (an image, a late re-render) keeps the bottom', async () => {
    const el = await mount(
      { endpoint: endpoint('normal', uniqueKey('grow'), { reply: REPLY }) },
      'width: 400px; height: 360px',
    );
    const log = logOf(el);
    await sendAndSettle(el, 'first');
    const last = $(el, '.msg.assistant:last-of-type .bubble')!;
    const tall = document.createElement('div');
    tall.style.height = '300px';
    last.append(tall);
    await frames(2);
    ok(distance(log) <= 1, `grown content left the view ${distance(log)}px above the bottom`);
  });

  it('on a phone (390×844, launcher mode) each reply after scrolling up ends at the bottom; zh-CN label', async () => {
    await setViewport({ width: 390, height: 844 });
    const el = await mount({
      endpoint: endpoint('normal', uniqueKey('phone'), { reply: REPLY }),
      mode: 'launcher',
      open: true,
      lang: 'zh-CN',
    });
    const log = logOf(el);
    await sendAndSettle(el, 'first');
    await sendAndSettle(el, 'second');
    ok(log.scrollHeight > log.clientHeight, 'the log overflows');
    log.dispatchEvent(new TouchEvent('touchstart', { touches: [touchAt(log, 100)], bubbles: true }));
    log.dispatchEvent(new TouchEvent('touchmove', { touches: [touchAt(log, 400)], bubbles: true }));
    log.scrollTop = 0;
    await frames();
    const jump = await waitFor(() => $(el, 'button[part="jump"]'), 'the jump button');
    equal(jump.getAttribute('aria-label'), '跳到最新');
    for (let i = 0; i < 3; i++) {
      await sleep(250);
      await sendAndSettle(el, `message ${i}`);
      ok(distance(log) <= 1, `reply ${i + 1} ends ${distance(log)}px below the view`);
    }
  });
});

function touchAt(target: HTMLElement, y: number): Touch {
  return new Touch({ identifier: 1, target, clientX: 100, clientY: y });
}
