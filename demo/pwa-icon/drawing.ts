// The app icon, written once as shapes: the build turns it into the SVG and every PNG size (no browser, no image
// library), so the icons install prompts and iOS show can never drift from each other.

/** Side of the square the shapes are drawn in (SVG user units). */
export const VIEW = 512;
export const BACKGROUND = '#0d0d0d';
const INK = '#ffffff';

export type Shape =
  | { kind: 'roundRect'; x: number; y: number; width: number; height: number; radius: number; fill: string }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; width: number; stroke: string };

/** A dark rounded square with three left-aligned lines of text, shortest last: a chat message. */
export const ICON: readonly Shape[] = [
  { kind: 'roundRect', x: 0, y: 0, width: VIEW, height: VIEW, radius: 112, fill: BACKGROUND },
  { kind: 'line', x1: 144, y1: 176, x2: 368, y2: 176, width: 38, stroke: INK },
  { kind: 'line', x1: 144, y1: 256, x2: 304, y2: 256, width: 38, stroke: INK },
  { kind: 'line', x1: 144, y1: 336, x2: 256, y2: 336, width: 38, stroke: INK },
];

/**
 * The drawing as placed in the final square. Full-bleed (maskable, Apple touch) icons fill the square with the
 * background and shrink the drawing into the inner 80 %, the safe zone launchers and iOS crop to their own shape.
 */
export function placed(fullBleed: boolean): Shape[] {
  if (!fullBleed) return [...ICON];
  const scale = 0.8;
  const offset = (VIEW * (1 - scale)) / 2;
  const at = (value: number) => offset + value * scale;
  const square: Shape = { kind: 'roundRect', x: 0, y: 0, width: VIEW, height: VIEW, radius: 0, fill: BACKGROUND };
  return [
    square,
    ...ICON.map((shape): Shape =>
      shape.kind === 'roundRect'
        ? {
            ...shape,
            x: at(shape.x),
            y: at(shape.y),
            width: shape.width * scale,
            height: shape.height * scale,
            radius: shape.radius * scale,
          }
        : {
            ...shape,
            x1: at(shape.x1),
            y1: at(shape.y1),
            x2: at(shape.x2),
            y2: at(shape.y2),
            width: shape.width * scale,
          },
    ),
  ];
}

/** The SVG of the icon (the manifest's `sizes: any` entry and the favicon). */
export function iconSvg(fullBleed = false): string {
  const body = placed(fullBleed)
    .map((shape) =>
      shape.kind === 'roundRect'
        ? `<rect x="${shape.x}" y="${shape.y}" width="${shape.width}" height="${shape.height}" rx="${shape.radius}" fill="${shape.fill}"/>`
        : `<path d="M${shape.x1} ${shape.y1}L${shape.x2} ${shape.y2}" stroke="${shape.stroke}" stroke-width="${shape.width}" stroke-linecap="round"/>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${VIEW} ${VIEW}">${body}</svg>\n`;
}
