// The Mermaid lazy chunk (loaded by mermaid.ts the first time a finished ```mermaid block appears): renders a
// diagram's source to an SVG string. Mermaid's configuration is global, so renders run one after another.
// securityLevel "strict" (labels are text, no click callbacks); the keys in `secure` cannot be changed by a
// diagram's own `%%{init: …}%%` directive or front matter — nothing that loosens security or adds CSS.
import mermaid from 'mermaid/dist/mermaid.esm.min.mjs';

const SECURE = [
  'secure',
  'securityLevel',
  'startOnLoad',
  'maxTextSize',
  'maxEdges',
  'suppressErrorRendering',
  'dompurifyConfig',
  'htmlLabels',
  'flowchart',
  'theme',
  'themeVariables',
  'themeCSS',
  'darkMode',
  'fontFamily',
  'altFontFamily',
  'look',
  'handDrawnSeed',
  'elk',
  'layout',
];

const BASE = {
  startOnLoad: false,
  securityLevel: 'strict',
  // SVG text labels: HTML labels would need <foreignObject>, which the diagram sanitizer drops.
  htmlLabels: false,
  flowchart: { htmlLabels: false },
  maxTextSize: 50_000,
  maxEdges: 500,
  suppressErrorRendering: true,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif',
  secure: SECURE,
} as const;

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

/**
 * Dark theme colours Mermaid's own dark theme gets wrong on the element's dark background: pie slices from
 * near-black to grey (the first one all but invisible), the mindmap's root a grey disc with grey text and its
 * branches black text on near-black or garish fills (DARK_BRANCHES).
 */
const DARK_VARIABLES = {
  ...Object.fromEntries(
    DARK_BRANCHES.flatMap((fill, i) => [
      [`cScale${i}`, fill],
      [`cScaleLabel${i}`, '#ffffff'],
    ]),
  ),
  ...Object.fromEntries(
    ['#4c7bd9', '#b0638f', '#3f9e8f', '#c9923a', '#8a6fd1', '#5c9e4a', '#c96a5a', '#4f98b8', '#9e8a3f', '#7d7f8a'].map(
      (colour, i) => [`pie${i + 1}`, colour],
    ),
  ),
  pieStrokeColor: '#1f2023',
  pieOuterStrokeColor: '#1f2023',
  pieSectionTextColor: '#ffffff',
  pieTitleTextColor: '#e6e6e6',
  pieLegendTextColor: '#e6e6e6',
  git0: '#3a63b8', // the mindmap's root (and a git graph's first branch): white text on it at 5.3:1
  gitBranchLabel0: '#ffffff',
};

/** Narrower than this a pie's legend goes under it: beside it, pie and legend are scaled down to a few px. */
const PIE_LEGEND_BESIDE_FROM = 600;

export type Drawn = { svg: string } | { error: string };

let queue: Promise<unknown> = Promise.resolve();
let count = 0;

/**
 * Renders `source` with the light or dark theme, `width` px wide where the diagram kind takes a width (gantt:
 * else it takes the page's, and is scaled down to the block; a pie, which has a fixed size, puts its legend under
 * it in a narrow block); a diagram that fails yields Mermaid's message (shortened).
 */
export function draw(source: string, dark: boolean, width?: number): Promise<Drawn> {
  const run = queue.then(async (): Promise<Drawn> => {
    mermaid.initialize({
      ...BASE,
      theme: dark ? 'dark' : 'default',
      darkMode: dark,
      themeVariables: dark ? DARK_VARIABLES : {},
      gantt: width ? { useWidth: width } : {},
      pie: width && width < PIE_LEGEND_BESIDE_FROM ? { legendPosition: 'bottom' } : {},
    });
    try {
      const { svg } = await mermaid.render(`gpt-chat-diagram-${++count}`, source);
      return { svg };
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).trim();
      return { error: message.length > 300 ? `${message.slice(0, 299)}…` : message };
    }
  });
  queue = run.catch(() => undefined);
  return run;
}
