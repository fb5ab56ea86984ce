// Keeps Tab / Shift+Tab inside a modal container (the launcher panel on a phone): past the last focusable
// element focus wraps to the first and back. The browser's own order is kept in between; only the two ends
// are handled, so nothing here needs to know the panel's contents.

// Everything that can take focus from Tab in the panel (the renderer's buttons and links included).
const FOCUSABLE = 'button, [href], input, select, textarea, summary, [tabindex]';

/** The elements Tab can reach in `container`, in document order. */
export function tabbables(container: ParentNode): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) =>
      el.tabIndex >= 0 &&
      !(el as HTMLButtonElement).disabled &&
      // Hidden (display: none, closed <details>) or inert elements are skipped by the browser too.
      el.getClientRects().length > 0 &&
      !el.closest('[inert]'),
  );
}

/**
 * Wraps a Tab keydown at either end of `container` (or from outside it) back inside.
 * `active` is the focused element as seen from the container's root (shadowRoot.activeElement).
 */
export function trapTab(event: KeyboardEvent, container: HTMLElement, active: Element | null): void {
  if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) return;
  const items = tabbables(container);
  if (items.length === 0) return event.preventDefault();
  const first = items[0]!;
  const last = items[items.length - 1]!;
  const inside = !!active && container.contains(active);
  if (event.shiftKey && (!inside || active === first)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (!inside || active === last)) {
    event.preventDefault();
    first.focus();
  }
}
