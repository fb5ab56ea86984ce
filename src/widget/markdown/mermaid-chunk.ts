// The Mermaid lazy chunk (loaded by mermaid.ts the first time a finished ```mermaid block appears): renders a
// diagram's source to an SVG string. Mermaid's configuration is global, so renders run one after another.
// securityLevel "strict" (labels are text, no click callbacks); the keys in `secure` cannot be changed by a
// diagram's own `%%{init: …}%%` directive or front matter — nothing that loosens security or adds CSS.
import mermaid from 'mermaid/dist/mermaid.esm.min.mjs';
import { DARK_VARIABLES, LIGHT_VARIABLES } from './mermaid-theme.js';
import { NARROW_DIAGRAM_PX } from './readable-size.js';

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
      themeVariables: dark ? DARK_VARIABLES : LIGHT_VARIABLES,
      gantt: width ? { useWidth: width } : {},
      pie: width && width < NARROW_DIAGRAM_PX ? { legendPosition: 'bottom' } : {},
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
