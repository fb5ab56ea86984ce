// A file's text as the model sees it: a Markdown fence headed by the file name, the fence longer than any run of
// backticks inside (so the file cannot close it early). One linear pass.

export function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 0x60) {
      run++;
      if (run > longest) longest = run;
    } else run = 0;
  }
  return longest;
}

/** `name` on its own line, then the text fenced (info string = the extension, for highlighting). */
export function fencedFile(name: string, text: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  const safeName = name.replace(/[\r\n]+/g, ' ');
  const body = text.endsWith('\n') ? text : `${text}\n`;
  return `${safeName}\n${fence}${language.replace(/[^\w+-]/g, '')}\n${body}${fence}`;
}
