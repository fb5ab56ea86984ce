// The page's app icons — the SVG and every PNG size — generated at build from the one drawing
// (demo/pwa-icon/drawing.ts) in plain JavaScript, so building needs no browser; the dev server serves the same.
import type { Plugin } from 'vite';
import { iconSvg } from './pwa-icon/drawing.js';
import { encodePng } from './pwa-icon/png.js';
import { rasterize } from './pwa-icon/raster.js';

/** The PNGs: file, pixel size, drawn full-bleed for cropping, and their manifest purpose (Apple's is in index.html). */
export const PNG_ICONS = [
  { fileName: 'icons/icon-192.png', size: 192, fullBleed: false, purpose: 'any' },
  { fileName: 'icons/icon-512.png', size: 512, fullBleed: false, purpose: 'any' },
  { fileName: 'icons/maskable-512.png', size: 512, fullBleed: true, purpose: 'maskable' },
  { fileName: 'icons/apple-touch-icon.png', size: 180, fullBleed: true, purpose: null },
] as const;

const SVG_ICON = 'icons/icon.svg';

/** The manifest's icons: the SVG and every PNG with a purpose. */
export const manifestIcons = () => [
  { src: SVG_ICON, sizes: 'any', type: 'image/svg+xml' },
  ...PNG_ICONS.flatMap(({ fileName, size, purpose }) =>
    purpose ? [{ src: fileName, sizes: `${size}x${size}`, type: 'image/png', purpose }] : [],
  ),
];

/** Every icon file by its path under the page: bytes and content type. */
export function iconFiles(): Map<string, { source: string | Uint8Array; type: string }> {
  const files = new Map<string, { source: string | Uint8Array; type: string }>();
  files.set(SVG_ICON, { source: iconSvg(), type: 'image/svg+xml' });
  for (const { fileName, size, fullBleed } of PNG_ICONS) {
    files.set(fileName, { source: encodePng(size, size, rasterize(size, fullBleed)), type: 'image/png' });
  }
  return files;
}

export function pwaIcons(): Plugin {
  let files: ReturnType<typeof iconFiles> | undefined;
  return {
    name: 'gpt-chat-pwa-icons',
    generateBundle() {
      for (const [fileName, { source }] of iconFiles()) this.emitFile({ type: 'asset', fileName, source });
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = request.url?.split('?')[0].replace(/^\/+/, '') ?? '';
        if (!path.startsWith('icons/')) return next();
        const file = (files ??= iconFiles()).get(path);
        if (!file) return next();
        response.setHeader('content-type', file.type);
        response.end(file.source);
      });
    },
  };
}
