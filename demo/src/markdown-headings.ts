// Demotes a message's Markdown headings below the export's own: in a file where "#" is the chat and "##" the
// speaker, a reply's "# Summary" must not become a new chat. One pass over the lines; code fences are left alone.

/** An ATX heading: up to three spaces, 1–6 `#`, then a blank or the end of the line. */
const ATX = /^( {0,3})(#{1,6})(?=[ \t]|$)/;
/** A fence opener or closer: up to three spaces, then three or more backticks or tildes. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A setext underline ("Title" over "====="): it makes the line above a heading of level 1 (`=`) or 2 (`-`). */
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
/** Lines that cannot be a setext heading's text (list items, quotes, tables, headings, indented code). */
const NOT_TEXT = /^(?: {4}|\t| {0,3}(?:[-+*>#|]|\d{1,9}[.)])(?:[ \t]|$))/;

/** Adds `by` levels to every heading outside code fences (at most level 6); setext headings become ATX ones. */
export function demoteHeadings(text: string, by: number): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let fence: string | null = null;
  const level = (n: number) => '#'.repeat(Math.min(6, n + by));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fenceMatch = FENCE.exec(line);
    if (fence !== null) {
      // A fence closes with the same character, at least as long, and nothing after it.
      if (
        fenceMatch &&
        fenceMatch[1]![0] === fence[0] &&
        fenceMatch[1]!.length >= fence.length &&
        !line.trim().slice(fenceMatch[1]!.length)
      )
        fence = null;
      out.push(line);
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      out.push(line);
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      out.push(atx[1] + level(atx[2]!.length) + line.slice(atx[0].length));
      continue;
    }
    const setext = SETEXT.exec(line);
    const above = out.length ? out[out.length - 1]! : '';
    const aboveIsText = above.trim() !== '' && !NOT_TEXT.test(above) && (i < 2 || lines[i - 2]!.trim() === '');
    if (setext && aboveIsText) {
      out[out.length - 1] = `${level(setext[1]![0] === '=' ? 1 : 2)} ${above.trim()}`;
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}
