// Modes, mobile layout, auto-scroll, i18n, theming hooks.
import { setViewport } from '@web/test-runner-commands';
import { ok, equal, includes, deepEqual } from './_support/assert.js';
import { STRINGS } from '../../src/widget/i18n.js';
import {
  $,
  $$,
  animationsDone,
  cleanup,
  endpoint,
  idle,
  input,
  mount,
  uniqueKey,
  waitFor,
} from './_support/helpers.js';

describe('<gpt-chat> layout, modes and i18n', () => {
  afterEach(async () => {
    cleanup();
    await setViewport({ width: 1024, height: 768 });
  });

  it('inline mode fills its box', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('inline')) }, 'width: 420px; height: 520px');
    const rect = $(el, '.panel')!.getBoundingClientRect();
    equal(Math.round(rect.width), 420);
    equal(Math.round(rect.height), 520);
    ok(!$(el, '.launcher'), 'no launcher in inline mode');
    const composer = $(el, '.composer')!.getBoundingClientRect();
    ok(composer.bottom <= rect.bottom + 1 && composer.bottom > rect.bottom - 80, 'composer at the bottom');
  });

  it('launcher mode: a floating button bottom-right opens and closes the panel; Escape closes and refocuses', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('launcher')), mode: 'launcher' });
    const button = $<HTMLButtonElement>(el, 'button.launcher')!;
    const b = button.getBoundingClientRect();
    ok(b.right > innerWidth - 60 && b.bottom > innerHeight - 60, `bottom-right (${b.right},${b.bottom})`);
    equal(getComputedStyle($(el, '.panel')!).display, 'none');
    equal(button.getAttribute('aria-expanded'), 'false');
    button.click();
    await el.updateComplete;
    ok(el.open);
    equal(button.getAttribute('aria-expanded'), 'true');
    equal(getComputedStyle($(el, '.panel')!).position, 'fixed');
    await waitFor(() => el.shadowRoot!.activeElement === input(el), 'focus in the input');
    input(el).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await el.updateComplete;
    ok(!el.open, 'closed by Escape');
    await waitFor(() => el.shadowRoot!.activeElement === $(el, 'button.launcher'), 'focus back on the launcher');
  });

  it('launcher position and size are configurable with CSS custom properties', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('launcher-css')), mode: 'launcher' });
    el.style.setProperty('--gpt-chat-launcher-right', '100px');
    el.style.setProperty('--gpt-chat-launcher-size', '64px');
    const b = $(el, 'button.launcher')!.getBoundingClientRect();
    equal(Math.round(b.width), 64);
    equal(Math.round(innerWidth - b.right), 100);
  });

  it('launcher panel is full-screen on a narrow viewport', async () => {
    await setViewport({ width: 375, height: 667 });
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('narrow')), mode: 'launcher', open: true });
    await animationsDone(el);
    const rect = $(el, '.panel')!.getBoundingClientRect();
    equal(Math.round(rect.left), 0);
    equal(Math.round(rect.top), 0);
    equal(Math.round(rect.width), 375);
    equal(Math.round(rect.height), 667);
  });

  it('tracks the visual viewport (on-screen keyboard) for the full-screen panel height', async () => {
    await setViewport({ width: 375, height: 600 });
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('vv')), mode: 'launcher', open: true });
    await animationsDone(el);
    equal(el.style.getPropertyValue('--_vvh'), `${Math.round(visualViewport!.height)}px`);
    equal(Math.round($(el, '.panel')!.getBoundingClientRect().height), Math.round(visualViewport!.height));
    await setViewport({ width: 375, height: 420 });
    await waitFor(() => el.style.getPropertyValue('--_vvh') === '420px', 'viewport change picked up');
    await waitFor(
      () => Math.round($(el, '.panel')!.getBoundingClientRect().height) === 420,
      'panel shrinks with the viewport',
    );
    const composer = $(el, '.composer')!.getBoundingClientRect();
    ok(composer.bottom <= 420 + 1, 'the input stays visible');
  });

  it('the input font is at least 16px (no iOS zoom) even with a small widget font', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('font')) });
    el.style.setProperty('--gpt-chat-font-size', '12px');
    ok(parseFloat(getComputedStyle(input(el)).fontSize) >= 16);
  });

  it('auto-scrolls only while the reader is at the bottom', async () => {
    const el = await mount({ endpoint: endpoint('long', uniqueKey('scroll')) }, 'width: 400px; height: 300px');
    const log = $(el, '.log')!;
    void el.send('many lines');
    await waitFor(() => log.scrollHeight > log.clientHeight * 2, 'overflowing content');
    await waitFor(() => log.scrollHeight - log.scrollTop - log.clientHeight < 40, 'following the bottom');
    // The reader's wheel (not any scroll: the element's own jumps must not count as scrolling up).
    log.dispatchEvent(new WheelEvent('wheel', { deltaY: -400 }));
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    const heightThen = log.scrollHeight;
    await waitFor(() => log.scrollHeight > heightThen + 200, 'more content');
    equal(log.scrollTop, 0, 'stays where the reader scrolled to');
    log.scrollTop = log.scrollHeight;
    log.dispatchEvent(new Event('scroll'));
    const h2 = log.scrollHeight;
    await waitFor(() => log.scrollHeight > h2 + 100, 'more content');
    ok(log.scrollHeight - log.scrollTop - log.clientHeight < 40, 'following again');
    el.stop();
    await idle(el);
  });

  it('has every UI string in zh-CN and en', () => {
    deepEqual(Object.keys(STRINGS['zh-CN']).sort(), Object.keys(STRINGS.en).sort());
    for (const [key, value] of Object.entries(STRINGS['zh-CN'])) {
      ok(value.trim(), `zh-CN ${key} is empty`);
      ok(/[\u4e00-\u9fff]/.test(value) || /^[\w+ ]+$/.test(value), `zh-CN ${key} looks untranslated: ${value}`);
    }
  });

  it('lang defaults to the page language; the attribute wins', async () => {
    const before = document.documentElement.lang;
    document.documentElement.lang = 'zh-CN';
    try {
      const el = await mount({ endpoint: endpoint('normal', uniqueKey('lang')), lang: false });
      equal(input(el).placeholder, '输入消息…');
      equal($(el, 'button.send')!.getAttribute('aria-label'), '发送');
      el.setAttribute('lang', 'en');
      await el.updateComplete;
      equal(input(el).placeholder, 'Type a message…');
    } finally {
      document.documentElement.lang = before;
    }
  });

  it('title, placeholder and greeting attributes; no-header hides the header', async () => {
    const el = await mount({
      endpoint: endpoint('normal', uniqueKey('attrs')),
      title: 'My Bot',
      placeholder: 'Ask me',
      greeting: 'Hi there 你好',
      'no-header': true,
    });
    equal($(el, 'header h2')!.textContent, 'My Bot');
    equal(input(el).placeholder, 'Ask me');
    includes($(el, '.greeting')!.textContent, 'Hi there 你好');
    equal(getComputedStyle($(el, 'header')!).display, 'none');
    el.removeAttribute('no-header');
    await el.updateComplete;
    equal(getComputedStyle($(el, 'header')!).display, 'flex');
  });

  it('exposes every structural part and honours --gpt-chat-accent and theme', async () => {
    const el = await mount({
      endpoint: endpoint('slow', uniqueKey('parts')),
      mode: 'launcher',
      open: true,
      theme: 'dark',
    });
    el.style.setProperty('--gpt-chat-accent', 'rgb(255, 0, 0)');
    void el.send('x');
    await waitFor(() => $(el, 'button.stop'), 'streaming');
    await el.updateComplete;
    const parts = new Set($$(el, '[part]').flatMap((n) => n.getAttribute('part')!.split(/\s+/)));
    for (const part of [
      'header',
      'log',
      'message',
      'user',
      'assistant',
      'composer',
      'input',
      'stop',
      'launcher',
      'panel',
    ]) {
      ok(parts.has(part), `part ${part}`);
    }
    equal(getComputedStyle($(el, 'button.launcher')!).backgroundColor, 'rgb(255, 0, 0)');
    const darkBg = getComputedStyle($(el, '.panel')!).backgroundColor;
    el.stop();
    await idle(el);
    ok($(el, '[part~="send"]'), 'part send');
    el.setAttribute('theme', 'light');
    await el.updateComplete;
    ok(getComputedStyle($(el, '.panel')!).backgroundColor !== darkBg, 'light and dark differ');
  });

  it('focus() focuses the input (opening the launcher panel)', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('focus')), mode: 'launcher' });
    el.focus();
    await waitFor(() => el.open && el.shadowRoot!.activeElement === input(el), 'input focused');
  });
});
