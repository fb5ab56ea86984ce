// Draws the icon's shapes into RGBA pixels with analytic anti-aliasing: each shape's exact signed distance at the
// pixel centre gives its coverage, composited source-over. Enough for rounded rectangles and round-capped lines.
import { placed, VIEW, type Shape } from './drawing.js';

/** Signed distance (drawing units) from (px, py) to the shape's edge: negative inside. */
function distance(shape: Shape, px: number, py: number): number {
  if (shape.kind === 'roundRect') {
    const halfWidth = shape.width / 2;
    const halfHeight = shape.height / 2;
    const qx = Math.abs(px - (shape.x + halfWidth)) - halfWidth + shape.radius;
    const qy = Math.abs(py - (shape.y + halfHeight)) - halfHeight + shape.radius;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - shape.radius;
  }
  const dx = shape.x2 - shape.x1;
  const dy = shape.y2 - shape.y1;
  const along = Math.min(1, Math.max(0, ((px - shape.x1) * dx + (py - shape.y1) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - shape.x1 - along * dx, py - shape.y1 - along * dy) - shape.width / 2;
}

function rgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** The icon as `size`×`size` straight-alpha RGBA bytes, row by row from the top. */
export function rasterize(size: number, fullBleed: boolean): Uint8Array {
  const shapes = placed(fullBleed).map((shape) => ({
    shape,
    color: rgb(shape.kind === 'line' ? shape.stroke : shape.fill),
  }));
  const unitsPerPixel = VIEW / size;
  const pixels = new Uint8Array(size * size * 4);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const px = (column + 0.5) * unitsPerPixel;
      const py = (row + 0.5) * unitsPerPixel;
      let [red, green, blue, alpha] = [0, 0, 0, 0];
      for (const { shape, color } of shapes) {
        const coverage = Math.min(1, Math.max(0, 0.5 - distance(shape, px, py) / unitsPerPixel));
        if (coverage === 0) continue;
        const outAlpha = coverage + alpha * (1 - coverage);
        red = (color[0] * coverage + red * alpha * (1 - coverage)) / outAlpha;
        green = (color[1] * coverage + green * alpha * (1 - coverage)) / outAlpha;
        blue = (color[2] * coverage + blue * alpha * (1 - coverage)) / outAlpha;
        alpha = outAlpha;
      }
      const at = (row * size + column) * 4;
      pixels.set([Math.round(red), Math.round(green), Math.round(blue), Math.round(alpha * 255)], at);
    }
  }
  return pixels;
}
