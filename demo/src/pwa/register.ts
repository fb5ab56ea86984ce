/// <reference types="vite-plugin-pwa/vanillajs" />
// Registers the page's service worker (built by vite-plugin-pwa, demo/vite-pwa.ts). A new version waits: the
// page is told and offers "Update available — Reload"; it never reloads on its own, so an open chat is not cut.
import { registerSW } from 'virtual:pwa-register';

const CHECK_EVERY_MS = 60 * 60 * 1000;

/** Starts the service worker; `onUpdate` gets the function that switches to the waiting version and reloads. */
export function startServiceWorker(onUpdate: (reload: () => void) => void): void {
  // Service workers need a secure context (https or localhost); elsewhere the page simply is not installable.
  if (!('serviceWorker' in navigator) || !globalThis.isSecureContext) return;
  const update = registerSW({
    immediate: true,
    onNeedRefresh: () => onUpdate(() => void update(true)),
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      // A page left open for days learns of a new deploy: on focus and hourly.
      const check = () => void registration.update().catch(() => {});
      setInterval(check, CHECK_EVERY_MS);
      document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && check());
    },
  });
}
