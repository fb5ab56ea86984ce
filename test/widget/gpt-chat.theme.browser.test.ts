// theme="auto" follows the host page's own color-scheme (then the system), and a host page's fonts, even
// `* { font-family: … !important }`, do not reach the text inside the element.
import { emulateMedia } from '@web/test-runner-commands';
import { equal, ok } from './_support/assert.js';
import { $, cleanup, endpoint, mount, uniqueKey, waitFor } from './_support/helpers.js';
import type { GptChat } from '../../src/widget/index.js';

const DARK_BG = 'rgb(27, 29, 33)';
const LIGHT_BG = 'rgb(255, 255, 255)';
const panelBg = (el: GptChat) => getComputedStyle($(el, '.panel')!).backgroundColor;

describe('<gpt-chat> theme and fonts against the host page', () => {
  const added: Element[] = [];
  const addToHead = (html: string) => {
    const template = document.createElement('template');
    template.innerHTML = html;
    const node = template.content.firstElementChild!;
    document.head.append(node);
    added.push(node);
    return node;
  };
  afterEach(async () => {
    cleanup();
    for (const node of added.splice(0)) node.remove();
    document.documentElement.style.colorScheme = '';
    await emulateMedia({ colorScheme: 'light' });
  });

  it('theme="auto" is dark under a host :root { color-scheme: dark } with a light system', async () => {
    await emulateMedia({ colorScheme: 'light' });
    addToHead('<style>:root { color-scheme: dark }</style>');
    const el = await mount({});
    equal(el.theme, 'auto');
    await waitFor(() => panelBg(el) === DARK_BG, 'dark panel');
    equal(getComputedStyle($(el, 'textarea.input')!).colorScheme, 'dark');
  });

  it('with no host declaration it follows the system, also when the system changes', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const el = await mount({});
    await waitFor(() => panelBg(el) === DARK_BG, 'dark panel under a dark system');
    await emulateMedia({ colorScheme: 'light' });
    await waitFor(() => panelBg(el) === LIGHT_BG, 'light panel under a light system');
  });

  it('re-checks when the host changes its scheme (root style, meta tag); "light dark" means the system', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const el = await mount({});
    equal(panelBg(el), LIGHT_BG);
    document.documentElement.style.colorScheme = 'dark';
    await waitFor(() => panelBg(el) === DARK_BG, 'dark after the root style changed');
    document.documentElement.style.colorScheme = 'light dark';
    await waitFor(() => panelBg(el) === LIGHT_BG, 'light: the host allows both, the system is light');
    document.documentElement.style.colorScheme = '';
    addToHead('<meta name="color-scheme" content="dark">');
    await waitFor(() => panelBg(el) === DARK_BG, 'dark from the meta tag');
  });

  it('theme="light" stays light under a dark host page', async () => {
    addToHead('<style>:root { color-scheme: dark }</style>');
    const el = await mount({ theme: 'light' });
    await new Promise((r) => setTimeout(r, 50));
    equal(panelBg(el), LIGHT_BG);
  });

  it('a host rule * { font-family: … !important } does not change the font inside', async () => {
    const el = await mount({ endpoint: endpoint('hello', uniqueKey('font')) });
    await el.send('hi');
    const before = getComputedStyle($(el, 'textarea.input')!).fontFamily;
    addToHead('<style>* { font-family: "Comic Sans MS", cursive !important }</style>');
    ok(getComputedStyle(document.body).fontFamily.includes('Comic Sans'), 'the host rule applies to the page');
    for (const selector of ['textarea.input', '.panel', '[part~="user"]', 'button']) {
      const node = $(el, selector);
      ok(node, selector);
      const font = getComputedStyle(node!).fontFamily;
      ok(!font.includes('Comic Sans') && !font.includes('cursive'), `${selector}: ${font}`);
    }
    equal(getComputedStyle($(el, 'textarea.input')!).fontFamily, before);
  });
});
