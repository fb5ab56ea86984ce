// `${NAME}` in a config string → the environment variable NAME, so keys can stay out of the file. One scan with
// indexOf (no regex); a name must look like an environment variable, anything else is left as written.

const NAME_START = /^[A-Za-z_]$/;
const NAME_REST = /^[A-Za-z0-9_]$/;

function isName(text: string): boolean {
  if (text.length === 0 || text.length > 200 || !NAME_START.test(text[0]!)) return false;
  for (let i = 1; i < text.length; i++) if (!NAME_REST.test(text[i]!)) return false;
  return true;
}

/** The string with each `${NAME}` replaced; `missing` gets each unset name (and the text keeps the reference). */
export function substituteEnv(
  text: string,
  env: Readonly<Record<string, unknown>>,
  missing: (name: string) => void,
): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('${', from);
    if (open === -1) break;
    const close = text.indexOf('}', open + 2);
    if (close === -1) break;
    const name = text.slice(open + 2, close);
    out += text.slice(from, open);
    if (!isName(name)) out += text.slice(open, close + 1);
    else {
      const value = env[name];
      if (typeof value === 'string') out += value;
      else {
        missing(name);
        out += text.slice(open, close + 1);
      }
    }
    from = close + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
