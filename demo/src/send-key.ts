// "Send with Ctrl+Enter" for the <gpt-chat> element, which itself sends on Enter (Shift+Enter = newline).
//
// Keyboard events from inside the element's shadow root are composed: on their way down to the textarea
// they pass the host element in the capture phase. Stopping a plain Enter there keeps it from the element's
// own handler while the browser's default action (a newline in the textarea) still happens; Ctrl/⌘+Enter
// passes through and the element sends. The element also gets a `send-key` attribute, so once it supports
// the setting itself this interception becomes redundant (and stays harmless: both agree).
import type { SendKey } from './types.js';

export function applySendKey(host: HTMLElement, getMode: () => SendKey): () => void {
  const onKeydown = (e: KeyboardEvent) => {
    if (getMode() !== 'ctrl-enter' || e.key !== 'Enter' || e.isComposing || e.keyCode === 229) return;
    const target = e.composedPath()[0];
    if (!(target instanceof HTMLTextAreaElement)) return;
    if (e.ctrlKey || e.metaKey) {
      // The element ignores modifiers on Enter: let it send.
      return;
    }
    // Plain Enter (or Shift+Enter): a newline, never a send.
    e.stopPropagation();
  };
  host.addEventListener('keydown', onKeydown, { capture: true });
  return () => host.removeEventListener('keydown', onKeydown, { capture: true });
}
