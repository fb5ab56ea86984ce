// Where the Deno and Bun adapters find the widget and page build: GPT_CHAT_DIST (default ./dist, from the
// working directory: a bundle does not know where the package was built). The files are served by
// file-assets.ts (node:fs, which Deno and Bun provide); Deno needs --allow-read for it, and without the
// permission or the files those routes answer 404 while the API works.
import type { AssetDirs } from './file-assets.js';
import { trimTrailingSlashes } from '../../../shared/trim-slashes.js';

export function distAssetDirs(dist = './dist'): AssetDirs {
  const root = trimTrailingSlashes(dist);
  return { widget: `${root}/widget/`, page: `${root}/page/` };
}
