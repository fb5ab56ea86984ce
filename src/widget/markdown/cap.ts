// Cutting text for a live region, kept apart from speech.ts so the element's first script does not pull in the
// Markdown lexer (speech.ts is loaded with the reply's first announcement).

/** Default cap, in characters: a few sentences; the whole reply stays readable in the log. */
export const SPOKEN_MAX = 400;

/** Cuts `text` to `max` characters at a word boundary when one is near, ending with "…". */
export function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.7) cut = cut.slice(0, space);
  // Never end on half a surrogate pair (an emoji cut in two is read as garbage).
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
