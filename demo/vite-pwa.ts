// The page as an installable app (vite-plugin-pwa + Workbox): the web app manifest, and a service worker that
// precaches the app shell and every lazy chunk (KaTeX, Mermaid, PDF.js…) so the page opens offline with every chat.
// registerType 'prompt': a new version waits until the user chooses "reload" (demo/src/pwa/update-banner.ts).
import { VitePWA } from 'vite-plugin-pwa';
import { manifestIcons } from './vite-pwa-icons.js';

export function pagePwa() {
  return VitePWA({
    registerType: 'prompt',
    injectRegister: false,
    filename: 'sw.js',
    manifestFilename: 'manifest.webmanifest',
    manifest: {
      name: 'gpt-chat',
      short_name: 'gpt-chat',
      description: 'Your own ChatGPT: chats, personas and models through your gpt-chat relay.',
      lang: 'en',
      start_url: './',
      scope: './',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#ffffff',
      icons: manifestIcons(),
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,svg,png,woff2,woff,ttf,wasm,mjs}'],
      // config.json is the operator's and must be read fresh (the page falls back to none when offline).
      globIgnores: ['config.json'],
      // Mermaid and PDF.js chunks are large: all of them are precached, or a diagram would fail offline.
      maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      navigateFallback: 'index.html',
      // The relay's API is never answered from a cache.
      navigateFallbackDenylist: [/^\/v1\//, /^\/health/],
      cleanupOutdatedCaches: true,
    },
  });
}
