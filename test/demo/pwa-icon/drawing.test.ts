// The icon drawing: the SVG carries every shape, and full-bleed placement keeps the drawing in the 80 % safe zone.
import { describe, expect, it } from 'vitest';
import { BACKGROUND, ICON, iconSvg, placed, VIEW } from '../../../demo/pwa-icon/drawing.js';

describe('icon drawing', () => {
  it('writes one SVG element per shape in a 512 viewBox', () => {
    const svg = iconSvg();
    expect(svg).toMatch(new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${VIEW} ${VIEW}">`));
    expect(svg.match(/<rect /g)).toHaveLength(1);
    expect(svg.match(/<path /g)).toHaveLength(ICON.length - 1);
  });

  it('places the full-bleed drawing on a square background inside the safe zone', () => {
    const [square, ...shapes] = placed(true);
    expect(square).toMatchObject({ kind: 'roundRect', width: VIEW, radius: 0, fill: BACKGROUND });
    for (const shape of shapes) {
      const xs = shape.kind === 'line' ? [shape.x1, shape.x2] : [shape.x, shape.x + shape.width];
      for (const x of xs) {
        expect(x).toBeGreaterThanOrEqual(VIEW * 0.1 - 1e-9);
        expect(x).toBeLessThanOrEqual(VIEW * 0.9 + 1e-9);
      }
    }
  });
});
