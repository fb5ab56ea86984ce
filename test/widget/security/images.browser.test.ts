// Images in model output fetch nothing until the reader asks (a prompt-injected reply could put the
// conversation into an image URL). Every way HTML or Markdown can make the browser fetch a URL is streamed
// through the real element (in 3-character deltas, rendered after every delta) and rendered one-shot; a
// counting endpoint on the test server (test/support/image-server.mjs) proves no request was made.
import '../../../src/widget/index.js';
import type { GptChat } from '../../../src/widget/index.js';
import { renderMarkdown } from '../../../src/widget/markdown/index.js';
import { loadMarkdown } from '../../../src/widget/view/message-bodies.js';
import { mount, cleanup, idle, uniqueKey, $, $$, waitFor } from '../_support/helpers.js';

const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
const SVG = 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=';

interface Hit {
  name: string;
  referer: string | null;
}

/** Streams `reply` in `size`-character deltas, all at once (test/support/image-server.mjs). */
const chat = (reply: string, size = 3) =>
  `/img-chat/v1/chat/completions?${new URLSearchParams({ reply, size: String(size) })}`;
const hitsOf = async (key: string): Promise<Hit[]> =>
  (await fetch(`/img-hits?key=${key}`, { cache: 'no-store' })).json();
/** Another origin served by the same test server (the page is on 127.0.0.1). */
const remote = (key: string, name: string) => `http://localhost:${location.port}/img/${key}/${name}`;

/** Every way model output could fetch a URL without a click; each URL's name says which. */
function vectors(key: string): string {
  const u = (name: string) => remote(key, name);
  return [
    `Markdown ![md alt](${u('md')}) and reference ![ref alt][r] and a <${u('autolink.png')}> and ${u('bare.png')}`,
    '',
    `| table |\n|---|\n| ![in table](${u('table')}) |`,
    '',
    `- ![in list](${u('list')})`,
    `- [![in link](${u('in-link')})](https://example.com/)`,
    '',
    `<img src="${u('img')}"> <img loading="lazy" src="${u('lazy')}"> <img srcset="${u('srcset')} 1x">`,
    `<img src="${u('img2')}" srcset="${u('srcset2')} 2x"> <image src="${u('image-tag')}">`,
    `<picture><source srcset="${u('source')}"><img src="${u('picture-img')}"></picture>`,
    `<video poster="${u('poster')}" src="${u('video')}"></video> <audio src="${u('audio')}"></audio>`,
    `<input type="image" src="${u('input')}">`,
    `<svg><image href="${u('svg-href')}"/><image xlink:href="${u('svg-xlink')}"/></svg>`,
    `<table background="${u('table-bg')}"><tr><td background="${u('td-bg')}">x</td></tr></table>`,
    `<div style="background:url(${u('style-url')})">styled</div>`,
    `<link rel="stylesheet" href="${u('link')}"><link rel="prefetch" href="${u('prefetch')}">`,
    `<style>@import url(${u('import')});</style>`,
    `<object data="${u('object')}"></object><embed src="${u('embed')}"><iframe src="${u('iframe')}"></iframe>`,
    `<noscript><img src="${u('noscript')}"></noscript>`,
    '',
    `[r]: ${u('ref')}`,
    '',
  ].join('\n');
}

/** Waits until a same-origin sentinel image loaded (so the render is done and fetches had time to start). */
async function settle(key: string): Promise<Hit[]> {
  await waitFor(async () => (await hitsOf(key)).some((h) => h.name === 'sentinel'), 'the same-origin sentinel image');
  await new Promise((r) => setTimeout(r, 300));
  return hitsOf(key);
}

const sentinel = (key: string) => `\n\nSame origin: ![sentinel](/img/${key}/sentinel)\n`;
const hosted = (hits: Hit[]) => hits.filter((h) => h.name !== 'sentinel').map((h) => h.name);

describe('images in model output', () => {
  const realRaf = window.requestAnimationFrame;
  before(async () => {
    await loadMarkdown();
    // Render after every delta, so every half-written image is rendered too.
    window.requestAnimationFrame = (cb) => (cb(performance.now()), 0);
  });
  after(() => {
    window.requestAnimationFrame = realRaf;
  });
  afterEach(cleanup);

  it('no vector fetches anything while streamed in small deltas (default images="click")', async () => {
    const key = uniqueKey('img-stream');
    const el = await mount({ endpoint: chat(vectors(key) + sentinel(key)) });
    await el.send('images');
    await idle(el);
    const fetched = hosted(await settle(key));
    if (fetched.length) throw new Error(`fetched without a click: ${fetched.join(', ')}`);
    const placeholders = $$(el, '.msg.assistant .md button.image-load');
    if (placeholders.length < 10) throw new Error(`only ${placeholders.length} placeholders`);
    for (const p of placeholders) {
      const says = p.textContent!;
      if (!says.includes(`Load image from localhost:${location.port}`)) throw new Error(`placeholder says ${says}`);
    }
    if (!placeholders.some((p) => p.textContent!.includes('md alt'))) throw new Error('alt text not shown');
  });

  it('no vector fetches anything when rendered one-shot', async () => {
    const key = uniqueKey('img-whole');
    const host = document.createElement('div');
    const root = host.attachShadow({ mode: 'open' });
    document.body.append(host);
    try {
      root.append(renderMarkdown(vectors(key) + sentinel(key), { highlight: false }));
      const fetched = hosted(await settle(key));
      if (fetched.length) throw new Error(`fetched without a click: ${fetched.join(', ')}`);
    } finally {
      host.remove();
    }
  });

  it('a click loads the image without a referrer, in place, and does not follow a surrounding link', async () => {
    const key = uniqueKey('img-click');
    const reply = `[![pic](${remote(key, 'clicked')})](https://example.com/)${sentinel(key)}`;
    const el = await mount({ endpoint: chat(reply) });
    await el.send('image');
    await idle(el);
    await settle(key);
    const button = $(el, '.msg.assistant .md a button.image-load')!;
    let followed = false;
    const guard = (e: Event) => (followed = !e.defaultPrevented);
    el.shadowRoot!.addEventListener('click', guard);
    button.querySelector('span')!.click();
    el.shadowRoot!.removeEventListener('click', guard);
    const hits = await waitFor(async () => {
      const clicked = (await hitsOf(key)).filter((h) => h.name === 'clicked');
      return clicked.length ? clicked : null;
    }, 'the clicked image');
    if (hits[0]!.referer !== null) throw new Error(`sent a referrer: ${hits[0]!.referer}`);
    const img = $<HTMLImageElement>(el, '.msg.assistant .md a img[alt="pic"]')!;
    if (img.referrerPolicy !== 'no-referrer') throw new Error(`referrerpolicy ${img.referrerPolicy}`);
    if ($(el, '.msg.assistant .md button.image-load')) throw new Error('the placeholder is still there');
    if (followed) throw new Error('the click also followed the link');
  });

  it('data: pixels load at once; SVG data: and other schemes never', async () => {
    const key = uniqueKey('img-data');
    const reply = `![dot](${PNG}) ![vector](${SVG}) <img src="${PNG}"> ![ftp](ftp://example.com/x.png)${sentinel(key)}`;
    const el = await mount({ endpoint: chat(reply) });
    await el.send('data');
    await idle(el);
    await settle(key);
    const srcs = $$<HTMLImageElement>(el, '.msg.assistant .md img').map((i) => i.getAttribute('src')!.slice(0, 15));
    if (srcs.filter((s) => s === PNG.slice(0, 15)).length !== 2) throw new Error(`images: ${srcs.join(' ')}`);
    const never = srcs.filter((s) => s.startsWith('data:image/svg') || s.startsWith('ftp'));
    if (never.length) throw new Error(`images: ${srcs.join(' ')}`);
  });

  it('every image has an alt; one without alt text is named by its source', async () => {
    const key = uniqueKey('img-alt');
    const reply = `![](${PNG}) <img src="${PNG}"> ![named](${PNG}) ![](/img/${key}/no-alt) ${sentinel(key)}`;
    const el = await mount({ endpoint: chat(reply) });
    await el.send('alt');
    await idle(el);
    await settle(key);
    const imgs = $$<HTMLImageElement>(el, '.msg.assistant .md img');
    if (imgs.length !== 5) throw new Error(`${imgs.length} images`);
    for (const img of imgs) {
      if (!img.hasAttribute('alt')) throw new Error(`no alt: ${img.outerHTML.slice(0, 80)}`);
      if (!img.alt && !img.getAttribute('aria-label')) throw new Error(`no name: ${img.outerHTML.slice(0, 80)}`);
    }
    const sameOrigin = imgs.find((i) => i.getAttribute('src')!.endsWith('no-alt'))!;
    const name = sameOrigin.getAttribute('aria-label');
    if (name !== `Image from ${location.host}`) throw new Error(`named ${name}`);
  });

  it('images="auto" loads every image, still without a referrer', async () => {
    const key = uniqueKey('img-auto');
    const reply = `![a](${remote(key, 'auto')}) <img src="${remote(key, 'auto2')}">${sentinel(key)}`;
    const el = await mount({ endpoint: chat(reply), images: 'auto' });
    await el.send('auto');
    await idle(el);
    await waitFor(async () => (await hitsOf(key)).length >= 3, 'three images');
    for (const h of await hitsOf(key)) if (h.referer !== null) throw new Error(`${h.name} sent a referrer`);
    if ($(el, '.image-load')) throw new Error('a placeholder in auto mode');
  });

  it('images="none" loads no remote or same-origin image and offers no button; data: pixels still show', async () => {
    const key = uniqueKey('img-none');
    const reply = `![far](${remote(key, 'none')}) ![near](/img/${key}/near) ![dot](${PNG})`;
    const el = await mount({ endpoint: chat(reply), images: 'none' });
    await el.send('none');
    await idle(el);
    await new Promise((r) => setTimeout(r, 400));
    if ((await hitsOf(key)).length) throw new Error('fetched in none mode');
    if ($(el, '.image-load')) throw new Error('a load button in none mode');
    const blocked = $$(el, '.msg.assistant .md .image-blocked');
    if (blocked.length !== 2) throw new Error(`${blocked.length} blocked placeholders`);
    if (!blocked[0]!.textContent!.includes(`localhost:${location.port}`)) throw new Error(blocked[0]!.textContent!);
    const named = blocked[0]!.getAttribute('role') === 'img' && blocked[0]!.getAttribute('aria-label');
    if (!named) throw new Error('the blocked placeholder is not a named image');
    if ($$(el, '.msg.assistant .md img').length !== 1) throw new Error('the data: image is missing');
  });

  it('changing the attribute re-renders the messages; placeholders are localized', async () => {
    const key = uniqueKey('img-switch');
    const reply = `![later](${remote(key, 'switch')})`;
    const el: GptChat = await mount({ endpoint: chat(reply), lang: 'zh-CN' });
    await el.send('switch');
    await idle(el);
    const text = $(el, '.image-load')!.textContent!;
    if (!text.includes(`加载来自 localhost:${location.port} 的图片`)) throw new Error(text);
    el.setAttribute('images', 'auto');
    await el.updateComplete;
    await waitFor(async () => (await hitsOf(key)).length === 1, 'the image after images="auto"');
    if ($(el, '.image-load')) throw new Error('placeholder kept');
  });
});
