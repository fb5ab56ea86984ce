// Applies the theme setting to the document: data-theme is always the resolved theme (light | dark), and
// follows the system while the setting is "auto".
import type { Theme } from './types.js';

const query = () => globalThis.matchMedia?.('(prefers-color-scheme: dark)');

export function resolveTheme(theme: Theme): 'light' | 'dark' {
  if (theme !== 'auto') return theme;
  return query()?.matches ? 'dark' : 'light';
}

/** Applies `theme` now and on every system change; returns a function that stops following. */
export function applyTheme(theme: Theme, onResolved: (resolved: 'light' | 'dark') => void): () => void {
  const set = () => {
    const resolved = resolveTheme(theme);
    document.documentElement.dataset.theme = resolved;
    onResolved(resolved);
  };
  set();
  const mq = query();
  if (theme !== 'auto' || !mq) return () => {};
  mq.addEventListener('change', set);
  return () => mq.removeEventListener('change', set);
}
