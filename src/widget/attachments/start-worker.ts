// Starts a module worker (image resizing, pdfjs) from its built chunk's URL. Module workers must come from the
// page's own origin, and the script tag may have been loaded from the relay into a page on another origin (a
// blog): then a same-origin blob: script imports the real one by its absolute URL (the relay serves its chunks
// with CORS headers for the origins it allows). A page whose CSP forbids blob: workers makes that worker fire
// `error`; callers then do what they do without a worker.

/** A module worker running `url` (absolute, or relative to the page); throws where workers cannot start. */
export function startModuleWorker(url: string): Worker {
  if (!url) throw new Error('this build cannot start workers'); // the IIFE build (no-worker-url.ts)
  const resolved = new URL(url, location.href);
  if (resolved.origin === location.origin) return new Worker(resolved, { type: 'module' });
  const shim = URL.createObjectURL(new Blob([`import ${JSON.stringify(resolved.href)};`], { type: 'text/javascript' }));
  const worker = new Worker(shim, { type: 'module' });
  // The blob: URL is needed only until the worker has loaded (its first message) or failed.
  const revoke = () => URL.revokeObjectURL(shim);
  worker.addEventListener('message', revoke, { once: true });
  worker.addEventListener('error', revoke, { once: true });
  return worker;
}
