// Traps for "did any payload run code?": every way a payload usually proves execution (alert, confirm, prompt,
// print, window.open) and every way it would exfiltrate (fetch / XHR / sendBeacon / new Image / WebSocket to
// anything but the test endpoints) records a hit instead of acting. Payloads are streamed unchanged.

export interface TrapHit {
  what: string;
  detail: string;
}

export const hits: TrapHit[] = [];

/** Same-origin paths the page itself is allowed to request. */
const ALLOWED_PATHS = [
  '/xss/',
  '/fake/',
  '/redos/',
  '/lost/',
  '/__web-dev-server',
  '/__wds',
  '/src/',
  '/node_modules/',
  '/test/',
];

function allowed(url: string): boolean {
  try {
    const u = new URL(url, location.href);
    return u.origin === location.origin && ALLOWED_PATHS.some((p) => u.pathname.startsWith(p));
  } catch {
    return false;
  }
}

const record = (what: string, detail: unknown) => hits.push({ what, detail: String(detail).slice(0, 200) });

let restore: (() => void) | null = null;

export function installTraps(): void {
  if (restore) return;
  const w = window as any;
  const saved: Array<[any, string, any]> = [];
  const replace = (target: any, name: string, value: any) => {
    saved.push([target, name, target[name]]);
    target[name] = value;
  };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    replace(w, name, (...args: unknown[]) => {
      record(name, args.join(','));
      return name === 'confirm' ? false : name === 'prompt' ? null : undefined;
    });
  }
  replace(w, 'open', (url: unknown) => {
    record('open', url);
    return null;
  });
  const realFetch = w.fetch.bind(w);
  replace(w, 'fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!allowed(url)) {
      record('fetch', url);
      return Promise.reject(new TypeError('blocked by the XSS test trap'));
    }
    return realFetch(input, init);
  });
  replace(navigator, 'sendBeacon', (url: string) => {
    record('sendBeacon', url);
    return false;
  });
  const RealImage = w.Image;
  replace(w, 'Image', function TrapImage(this: unknown, ...args: number[]) {
    record('new Image', '');
    return new RealImage(...args);
  });
  const realOpen = XMLHttpRequest.prototype.open;
  replace(
    XMLHttpRequest.prototype,
    'open',
    function (this: XMLHttpRequest, method: string, url: string, ...rest: any[]) {
      if (!allowed(url)) record('xhr', url);
      return (realOpen as any).call(this, method, allowed(url) ? url : 'data:,', ...rest);
    },
  );
  replace(w, 'WebSocket', function TrapWebSocket(url: string) {
    record('WebSocket', url);
    throw new Error('blocked by the XSS test trap');
  });
  // Payloads that write a global (window.xss = 1, document.title = …) or evaluate code.
  const realEval = w.eval;
  replace(w, 'eval', (code: unknown) => {
    record('eval', code);
    return realEval('undefined');
  });
  const titleBefore = document.title;
  const realWrite = document.write;
  replace(document, 'write', (...args: unknown[]) => record('document.write', args.join('')));
  replace(document, 'writeln', (...args: unknown[]) => record('document.writeln', args.join('')));
  restore = () => {
    for (const [target, name, value] of saved.reverse()) target[name] = value;
    void realWrite;
    if (document.title !== titleBefore) record('document.title', document.title);
    restore = null;
  };
}

/** Globals a payload could create that the page did not have before (window.xss, clobbered names…). */
export function snapshotGlobals(): Set<string> {
  return new Set(Object.getOwnPropertyNames(window));
}

export function newGlobals(before: Set<string>): string[] {
  return Object.getOwnPropertyNames(window).filter((n) => !before.has(n));
}

export function removeTraps(): void {
  restore?.();
}
