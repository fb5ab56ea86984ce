// Renders Markdown settled (formulas typeset, diagrams drawn) into a `.md` box inside a shadow root, as the
// element shows a reply: KaTeX's and the diagrams' styles are adopted there.
import { renderMarkdownSettled } from '../../../../src/widget/markdown/index.js';

export interface ShadowRenderOptions {
  /** The host's `theme` attribute (what the diagrams follow). */
  theme?: 'light' | 'dark';
  /** The host's width in px (a phone-wide block). */
  width?: number;
}

export async function renderInShadow(text: string, options: ShadowRenderOptions = {}): Promise<HTMLElement> {
  const host = document.createElement('div');
  host.className = 'shadow-host';
  if (options.theme) host.setAttribute('theme', options.theme);
  if (options.width) host.style.width = `${options.width}px`;
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  const { fragment, highlighted } = renderMarkdownSettled(text, { styleRoot: root });
  const box = document.createElement('div');
  box.className = 'md';
  box.append(fragment);
  root.append(box);
  await highlighted;
  return box;
}

/** Removes what renderInShadow added. */
export function removeShadowHosts(): void {
  for (const host of Array.from(document.body.querySelectorAll('.shadow-host'))) host.remove();
}
