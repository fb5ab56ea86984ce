// The build draws the PNG icons without a browser; here Chromium draws the generated SVG and the two must agree,
// so the PNGs and the SVG in the manifest are the same picture at every size.
import { ok } from '../../widget/_support/assert.js';
import { iconSvg } from '../../../demo/pwa-icon/drawing.js';
import { rasterize } from '../../../demo/pwa-icon/raster.js';

async function chromiumPixels(svg: string, size: number): Promise<Uint8ClampedArray> {
  const image = new Image(size, size);
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = new OffscreenCanvas(size, size);
  const context = canvas.getContext('2d')!;
  context.drawImage(image, 0, 0, size, size);
  return context.getImageData(0, 0, size, size).data;
}

/** Colour differences of premultiplied pixels (so fully transparent pixels of any colour count as equal). */
function differences(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out = [];
  for (let i = 0; i < a.length; i += 4) {
    for (let channel = 0; channel < 4; channel++) {
      const scale = (value: ArrayLike<number>) => (channel === 3 ? 1 : value[i + 3] / 255);
      out.push(Math.abs(a[i + channel] * scale(a) - b[i + channel] * scale(b)));
    }
  }
  return out;
}

for (const size of [180, 192, 512]) {
  for (const fullBleed of [false, true]) {
    it(`draws the ${size} px ${fullBleed ? 'full-bleed' : 'rounded'} icon as Chromium draws its SVG`, async () => {
      const ours = rasterize(size, fullBleed);
      const theirs = await chromiumPixels(iconSvg(fullBleed), size);
      const diff = differences(ours, theirs);
      const mean = diff.reduce((sum, value) => sum + value, 0) / diff.length;
      // Anti-aliasing differs by a few levels on edges only; a wrong shape or colour moves thousands of pixels.
      ok(mean < 0.5, `mean difference ${mean.toFixed(3)} per channel`);
      ok(diff.filter((value) => value > 64).length < size / 4, 'few pixels differ by more than a quarter');
      ok(fullBleed ? ours[3] === 255 : ours[3] === 0, 'the corner is opaque when full-bleed, clear when rounded');
    });
  }
}
