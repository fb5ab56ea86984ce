// theme="auto": the element is dark or light as the host page declares (its computed `color-scheme`, then
// <meta name="color-scheme">), else as the system is. Sets `data-scheme` on the host for the styles to match.
// One observer and one media-query listener serve every element on the page, so many chats cost no more.
import type { ReactiveController } from 'lit';

type Scheme = 'light' | 'dark';

/** The one scheme a declaration picks ("dark", "only dark"), or null when it allows both or says nothing. */
function picked(value: string | null | undefined): Scheme | null {
  const words = (value ?? '').toLowerCase().split(/\s+/);
  const light = words.includes('light');
  const dark = words.includes('dark');
  return light === dark ? null : dark ? 'dark' : 'light';
}

const system = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
const hosts = new Set<HTMLElement>();
let observer: MutationObserver | null = null;

/** The host's surroundings: its parent's computed value (inherited from `:root`), the meta tag, the system. */
function schemeFor(host: HTMLElement): Scheme {
  const around = host.parentElement ?? (host.getRootNode() as ShadowRoot).host ?? document.documentElement;
  const meta = document.querySelector<HTMLMetaElement>('meta[name="color-scheme"]');
  const declared = picked(around && getComputedStyle(around).colorScheme) ?? picked(meta?.content);
  return declared ?? (system?.matches ? 'dark' : 'light');
}

function refresh(): void {
  for (const host of hosts) {
    const scheme = schemeFor(host);
    if (host.dataset.scheme !== scheme) host.dataset.scheme = scheme;
  }
}

function watch(host: HTMLElement): void {
  hosts.add(host);
  if (!observer) {
    observer = new MutationObserver(refresh);
    // The root's class/style (a page theme switch), and the head's meta and style sheets.
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] });
    observer.observe(document.head, { childList: true, subtree: true, attributes: true, attributeFilter: ['content'] });
    system?.addEventListener('change', refresh);
  }
  refresh();
}

function unwatch(host: HTMLElement): void {
  hosts.delete(host);
  if (hosts.size || !observer) return;
  observer.disconnect();
  observer = null;
  system?.removeEventListener('change', refresh);
}

export class ColorSchemeController implements ReactiveController {
  constructor(private readonly host: HTMLElement & { addController(c: ReactiveController): void }) {
    host.addController(this);
  }

  hostConnected(): void {
    watch(this.host);
  }

  hostDisconnected(): void {
    unwatch(this.host);
  }
}
