// Shared helpers for <gpt-chat> browser tests: mount, wait for conditions (never fixed sleeps),
// reach into the shadow root, and read what the fake endpoint received.
import '../../../src/widget/index.js';
import type { GptChat } from '../../../src/widget/index.js';

let seq = 0;

/** A unique key per test, so recorded requests and storage never leak between tests. */
export function uniqueKey(name: string): string {
  return `${name}-${Date.now().toString(36)}-${seq++}`;
}

export function endpoint(scenario: string, key: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ scenario, key, ...extra });
  return `/fake/v1/chat/completions?${params}`;
}

export async function lastRequest(
  key: string,
): Promise<{ body: any; headers: Record<string, string>; count: number } | null> {
  const res = await fetch(`/fake/last?key=${encodeURIComponent(key)}`, { cache: 'no-store' });
  return res.json();
}

const mounted: HTMLElement[] = [];

/** Mounts a <gpt-chat> with the given attributes inside a sized box. */
export async function mount(
  attrs: Record<string, string | boolean>,
  box = 'width: 480px; height: 600px',
): Promise<GptChat> {
  const wrapper = document.createElement('div');
  wrapper.style.cssText = box;
  const el = document.createElement('gpt-chat');
  if (!('storage' in attrs)) el.setAttribute('storage', 'none');
  if (!('lang' in attrs)) el.setAttribute('lang', 'en');
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  wrapper.append(el);
  document.body.append(wrapper);
  mounted.push(wrapper);
  await el.updateComplete;
  return el;
}

/** Removes every mounted element (call in afterEach). */
export function cleanup(): void {
  for (const el of mounted.splice(0)) el.remove();
}

export async function waitFor<T>(
  condition: () => T | Promise<T>,
  what = 'condition',
  timeout = 15_000,
): Promise<NonNullable<T>> {
  const start = performance.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (performance.now() - start > timeout) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const $ = <E extends Element = HTMLElement>(el: GptChat, selector: string): E | null =>
  el.shadowRoot!.querySelector<E>(selector);
export const $$ = <E extends Element = HTMLElement>(el: GptChat, selector: string): E[] =>
  Array.from(el.shadowRoot!.querySelectorAll<E>(selector));

export const input = (el: GptChat) => $<HTMLTextAreaElement>(el, 'textarea.input')!;

/** Types into the composer like a user (sets value + input event). */
export function type(el: GptChat, text: string): void {
  const area = input(el);
  area.value = text;
  area.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

export function pressEnter(target: HTMLElement, init: KeyboardEventInit & { keyCode?: number } = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', {
    key: 'Enter',
    code: 'Enter',
    bubbles: true,
    composed: true,
    cancelable: true,
    ...init,
  });
  if (init.keyCode) Object.defineProperty(event, 'keyCode', { value: init.keyCode });
  target.dispatchEvent(event);
  return event;
}

export const assistantTexts = (el: GptChat) =>
  $$(el, '.msg.assistant:not(.greeting) .bubble').map((b) => b.textContent ?? '');
export const userTexts = (el: GptChat) => $$(el, '.msg.user .bubble').map((b) => b.textContent ?? '');

/** Waits until the element is idle (no stream running) and rendered. */
export async function idle(el: GptChat): Promise<void> {
  await waitFor(() => !$(el, 'button.stop') && !$(el, '[data-status="streaming"]'), 'the reply to finish');
  await el.updateComplete;
}

export function nextEvent<K extends keyof HTMLElementEventMap>(
  el: HTMLElement,
  type: K,
): Promise<HTMLElementEventMap[K]> {
  return new Promise((resolve) => el.addEventListener(type, resolve as EventListener, { once: true }));
}

/** Waits for the element's CSS animations (panel pop-in) to finish, so geometry and colours are final. */
export async function animationsDone(el: GptChat): Promise<void> {
  await el.updateComplete;
  await Promise.all(el.shadowRoot!.getAnimations().map((a) => a.finished.catch(() => undefined)));
}
