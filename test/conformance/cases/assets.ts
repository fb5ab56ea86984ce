// The relay serves the widget (/gpt-chat.js) and the standalone page (/) from the build — on Workers through
// Static Assets (workerd's assets router in the suite), elsewhere through the adapter's file server.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from '../context.js';

const BUILT = existsSync(resolve(import.meta.dirname, '../../../dist/widget/gpt-chat.js'));
const NOT_BUILT = 'dist/widget is missing: run `npm run build` before the conformance suite';

export function assetsCases(ctx: () => ConformanceContext): void {
  describe('static files', () => {
    it('serves the widget module at /gpt-chat.js', async () => {
      expect(BUILT, NOT_BUILT).toBe(true);
      const response = await fetch(new URL('/gpt-chat.js', ctx().apiUrl));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/javascript/);
      expect(await response.text()).toMatch(/gpt-chat/);
    });

    it('serves the standalone page at /', async () => {
      expect(BUILT, NOT_BUILT).toBe(true);
      const response = await fetch(new URL('/', ctx().apiUrl));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(await response.text()).toMatch(/<html/i);
    });
  });
}
