// What the renderer itself made, told apart from model HTML in the same string: render.ts marks its own
// elements with a per-page random value that model output cannot know; sanitize.ts trusts classes and data-*
// only on marked elements, drops the mark, and records here each code block's text for its Copy button.

/** The marking attribute; its value is `NONCE role`. It never reaches the DOM (sanitize.ts removes it). */
export const OWN_ATTR = 'data-gc-own';

const NONCE = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/** The attribute that marks a renderer-made element (inside an HTML start tag, leading space included). */
export function own(role = 'el'): string {
  return ` ${OWN_ATTR}="${NONCE} ${role}"`;
}

/** The role a marked element was given, or null when the mark is missing or forged. */
export function readMark(value: string | null): string | null {
  return value !== null && value.startsWith(`${NONCE} `) ? value.slice(NONCE.length + 1) : null;
}

const copySources = new WeakMap<Element, string>();

/** Records the text a renderer copy button copies. */
export function setCopySource(button: Element, text: string): void {
  copySources.set(button, text);
}

/** The code a renderer copy button copies; undefined for any other element (a button model HTML drew). */
export function copySourceOf(button: Element): string | undefined {
  return copySources.get(button);
}
