// The theme variables the Mermaid chunk (mermaid-chunk.ts) sets over Mermaid's own light and dark themes, so that
// every label reads on its fill (WCAG contrast ≥ 4.5) and every fill stands off the element's background.

/** Colour names → themeVariables for `cScale0…11` fills and their `cScaleLabel0…11` text. */
function scale(fills: string[], label: string): Record<string, string> {
  return Object.fromEntries(
    fills.flatMap((fill, i) => [
      [`cScale${i}`, fill],
      [`cScaleLabel${i}`, label],
    ]),
  );
}

/** Colour names → themeVariables `pie1…12`. */
function pie(fills: string[]): Record<string, string> {
  return Object.fromEntries(fills.map((fill, i) => [`pie${i + 1}`, fill]));
}

/** What both themes set: branch fills under `text`, opaque slices under `text`, the root blue under white. */
function readable(branches: string[], slices: string[], text: string): Record<string, string> {
  return {
    ...scale(branches, text),
    ...pie(slices),
    pieOpacity: '1', // Mermaid's 0.7 lets the background through: a label's contrast is against the fill as given
    pieSectionTextColor: text,
    git0: '#3a63b8', // the mindmap's root (and a git graph's first branch): white text on it at 5.3:1 or more
    gitBranchLabel0: '#ffffff',
  };
}

/**
 * The mindmap's branch fills in the dark (cScale1… colour the branches; cScale0 is unused): muted mid tones that
 * stand off the element's dark background (#1b1d21) and keep white text at a WCAG contrast above 5.
 */
const DARK_BRANCHES = [
  '#575a64',
  '#2c7468',
  '#8c4a6e',
  '#8a5d1c',
  '#6650ad',
  '#3d7031',
  '#9c473a',
  '#2b6a87',
  '#6e6027',
  '#7a4f8f',
  '#7d5a2e',
  '#3b64b5',
];

/** Pie slices in the dark: the same muted tones, blue first; white text on each at 5.5:1 or more. */
const DARK_SLICES = [
  '#3b64b5',
  '#8c4a6e',
  '#2c7468',
  '#8a5d1c',
  '#6650ad',
  '#3d7031',
  '#9c473a',
  '#2b6a87',
  '#6e6027',
  '#7a4f8f',
  '#575a64',
  '#7d5a2e',
];

/**
 * Dark theme colours Mermaid's own dark theme gets wrong on the element's dark background: pie slices from
 * near-black to grey (the first one all but invisible) under white labels at ~4:1, the mindmap's root a grey disc
 * with grey text and its branches black text on near-black or garish fills (DARK_BRANCHES).
 */
export const DARK_VARIABLES: Record<string, string> = {
  ...readable(DARK_BRANCHES, DARK_SLICES, '#ffffff'),
  pieStrokeColor: '#1f2023',
  pieOuterStrokeColor: '#1f2023',
  pieTitleTextColor: '#e6e6e6',
  pieLegendTextColor: '#e6e6e6',
};

/**
 * The mindmap's branch fills in the light: light mid tones under the element's dark text at 7:1 or more (Mermaid's
 * default put white text on light purple), each standing off the white background by its hue and 1.5:1 or more.
 */
const LIGHT_BRANCHES = [
  '#c0c8d6',
  '#8eb7f2',
  '#f199c1',
  '#99dbc7',
  '#f9c77d',
  '#b8a0ed',
  '#abdb95',
  '#f3a291',
  '#8fcfe6',
  '#e2d48c',
  '#d2a6e4',
  '#ecbd8a',
];

/** Pie slices in the light: light mid tones under dark text at 7:1 or more. */
const LIGHT_SLICES = [
  '#8eb1ef',
  '#eda6c6',
  '#86d0bf',
  '#f2c27a',
  '#b9a6ec',
  '#a9d98f',
  '#f0a597',
  '#84c8e3',
  '#dccb7f',
  '#d3a9e3',
  '#c2c6cf',
  '#e8b889',
];

/** Light theme colours: readable mindmap branches and pie slice labels (the element's light text is #1f2328). */
export const LIGHT_VARIABLES: Record<string, string> = readable(LIGHT_BRANCHES, LIGHT_SLICES, '#1f2328');
