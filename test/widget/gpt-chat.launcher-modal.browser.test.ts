// Launcher mode on a phone: the open panel is a modal dialog (aria-modal, labelled) that keeps keyboard focus
// inside (Tab / Shift+Tab cycle), takes focus on open and gives it back to the launcher on Escape. On a wide
// viewport the panel stays non-modal.
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { ok, equal } from './_support/assert.js';
import { $, cleanup, endpoint, idle, mount, uniqueKey, waitFor } from './_support/helpers.js';
import type { GptChat } from '../../src/widget/index.js';

const focused = (el: GptChat) => (document.activeElement === el ? el.shadowRoot!.activeElement : null);
const inPanel = (el: GptChat) => !!focused(el)?.closest('.panel');

describe('<gpt-chat> launcher panel as a modal dialog on phones', () => {
  afterEach(async () => {
    cleanup();
    await setViewport({ width: 1024, height: 768 });
  });

  it('on a phone: dialog + aria-modal + label, focus moves in on open, Tab and Shift+Tab stay inside', async () => {
    await setViewport({ width: 390, height: 844 });
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('modal')), mode: 'launcher' });
    // A reply puts more focusable things (copy button…) in the log, so the cycle is not trivial.
    el.open = true;
    await el.send('hi');
    await idle(el);
    el.open = false;
    await el.updateComplete;
    $<HTMLButtonElement>(el, 'button.launcher')!.focus();
    $<HTMLButtonElement>(el, 'button.launcher')!.click();
    await el.updateComplete;
    const panel = $(el, '.panel')!;
    equal(panel.getAttribute('role'), 'dialog');
    equal(panel.getAttribute('aria-modal'), 'true', 'modal on a phone');
    ok(panel.getAttribute('aria-label'), 'the dialog has a label');
    await waitFor(() => inPanel(el), 'focus inside the panel after opening');
    for (let i = 0; i < 20; i++) {
      await sendKeys({ press: 'Tab' });
      ok(inPanel(el), `Tab #${i + 1} left the panel (focus on ${document.activeElement?.tagName})`);
    }
    await sendKeys({ down: 'Shift' });
    for (let i = 0; i < 20; i++) {
      await sendKeys({ press: 'Tab' });
      ok(inPanel(el), `Shift+Tab #${i + 1} left the panel (focus on ${document.activeElement?.tagName})`);
    }
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !el.open, 'Escape closes the panel');
    await waitFor(() => focused(el) === $(el, 'button.launcher'), 'focus back on the launcher');
  });

  it('on a phone, opening by property also moves focus into the dialog', async () => {
    await setViewport({ width: 390, height: 844 });
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('modal-prop')), mode: 'launcher' });
    $<HTMLButtonElement>(el, 'button.launcher')!.focus();
    el.open = true;
    await el.updateComplete;
    await waitFor(() => inPanel(el), 'focus inside the panel after el.open = true');
  });

  it('modality follows the viewport: not modal on a desktop, Tab may leave the panel', async () => {
    await setViewport({ width: 390, height: 844 });
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('modal-vp')), mode: 'launcher', open: true });
    await waitFor(() => $(el, '.panel')!.getAttribute('aria-modal') === 'true', 'modal on a phone');
    await setViewport({ width: 1440, height: 900 });
    await waitFor(() => !$(el, '.panel')!.hasAttribute('aria-modal'), 'no aria-modal on a desktop');
    equal($(el, '.panel')!.getAttribute('role'), 'dialog');
    el.focus();
    await waitFor(() => inPanel(el), 'input focused');
    let left = false;
    for (let i = 0; i < 12 && !left; i++) {
      await sendKeys({ press: 'Tab' });
      left = !inPanel(el);
    }
    ok(left, 'on a desktop Tab can leave the panel (non-modal)');
  });
});
