// Keyboard shortcuts of the page. Pure: maps a key event to an action name, so it is testable without a DOM.
import type { PageKey } from './i18n.js';

export type ShortcutAction = 'newChat' | 'focusInput' | 'stop' | 'copyLast' | 'shortcuts' | 'toggleSidebar';

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
}

interface Shortcut {
  action: ShortcutAction;
  label: PageKey;
  /** Display keys; "Mod" shows as ⌘ on Apple platforms and Ctrl elsewhere. */
  keys: string[];
  matches(e: KeyLike, mod: boolean): boolean;
}

const letter = (e: KeyLike, l: string) => e.key.toLowerCase() === l || e.code === `Key${l.toUpperCase()}`;

export const SHORTCUTS: Shortcut[] = [
  {
    action: 'newChat',
    label: 'scNewChat',
    keys: ['Mod', 'Shift', 'O'],
    matches: (e, mod) => mod && e.shiftKey && !e.altKey && letter(e, 'o'),
  },
  {
    action: 'focusInput',
    label: 'scFocusInput',
    keys: ['Shift', 'Esc'],
    matches: (e, mod) => !mod && e.shiftKey && e.key === 'Escape',
  },
  {
    action: 'stop',
    label: 'scStop',
    keys: ['Esc'],
    matches: (e, mod) => !mod && !e.shiftKey && !e.altKey && e.key === 'Escape',
  },
  {
    action: 'copyLast',
    label: 'scCopyLast',
    keys: ['Mod', 'Shift', 'C'],
    matches: (e, mod) => mod && e.shiftKey && !e.altKey && letter(e, 'c'),
  },
  {
    action: 'toggleSidebar',
    label: 'scToggleSidebar',
    keys: ['Mod', 'Shift', 'S'],
    matches: (e, mod) => mod && e.shiftKey && !e.altKey && letter(e, 's'),
  },
  {
    action: 'shortcuts',
    label: 'scShortcuts',
    keys: ['Mod', '/'],
    matches: (e, mod) => mod && !e.altKey && (e.key === '/' || e.code === 'Slash'),
  },
];

export const isApple = (platform = globalThis.navigator?.userAgent ?? ''): boolean => /Mac|iPhone|iPad/i.test(platform);

/** The action a key event triggers, or null. IME composition never triggers anything. */
export function shortcutFor(e: KeyLike, apple = isApple()): ShortcutAction | null {
  if (e.isComposing) return null;
  const mod = apple ? e.metaKey : e.ctrlKey;
  return SHORTCUTS.find((s) => s.matches(e, mod))?.action ?? null;
}

export function displayKeys(keys: string[], apple = isApple()): string[] {
  return keys.map((k) => (k === 'Mod' ? (apple ? '⌘' : 'Ctrl') : k === 'Shift' && apple ? '⇧' : k));
}
