// Splits a model's "<think>…</think>" preamble (QwQ, DeepSeek-R1 on many hosts) from the reply content.
// Only a think block at the very start of the content (after optional whitespace) counts: a reply that
// *talks about* a <think> tag later must keep it as text. The block may never close (stopped mid-thought),
// and either tag may be split across stream chunks — so the splitter holds back just the few characters
// that could still turn out to be a tag, and everything else passes through in O(chunk) per push.
// Not handled: a host that strips the opening tag and streams only "…</think>" (the text before it is
// already shown as content by then).

const OPEN = '<think>';
const CLOSE = '</think>';

export interface ThinkParts {
  /** Text inside the think block (never sent back upstream). */
  reasoning: string;
  /** The reply itself. */
  content: string;
}

type State = 'start' | 'thinking' | 'content';

/** Incremental splitter: push() each content chunk, end() when the stream ends; both return the new parts. */
export class ThinkSplitter {
  private state: State = 'start';
  /** Characters held back because they may be the start of a tag. */
  private held = '';
  /** Set right after a tag: the whitespace that separates it from the text is dropped. */
  private skipLeadingWhitespace = false;

  push(chunk: string): ThinkParts {
    const out: ThinkParts = { reasoning: '', content: '' };
    let text = this.held + chunk;
    this.held = '';
    while (text) {
      if (this.state === 'start') {
        const lead = text.length - text.trimStart().length;
        const rest = text.slice(lead);
        if (!rest) {
          // Only whitespace so far: still undecided.
          this.held = text;
          return out;
        }
        if (rest.startsWith(OPEN)) {
          this.state = 'thinking';
          this.skipLeadingWhitespace = true;
          text = rest.slice(OPEN.length);
          continue;
        }
        if (OPEN.startsWith(rest)) {
          this.held = text;
          return out;
        }
        this.state = 'content';
        continue;
      }
      if (this.skipLeadingWhitespace) {
        // Whitespace right after "<think>" or "</think>" is layout, not text.
        const trimmed = text.replace(/^\s+/, '');
        if (!trimmed) return out;
        this.skipLeadingWhitespace = false;
        text = trimmed;
      }
      if (this.state === 'thinking') {
        const close = text.indexOf(CLOSE);
        if (close >= 0) {
          out.reasoning += text.slice(0, close);
          this.state = 'content';
          this.skipLeadingWhitespace = true;
          text = text.slice(close + CLOSE.length);
          continue;
        }
        const keep = partialSuffix(text, CLOSE);
        out.reasoning += text.slice(0, text.length - keep);
        this.held = text.slice(text.length - keep);
        return out;
      }
      out.content += text;
      return out;
    }
    return out;
  }

  /** The stream ended: whatever was held back is what it is. */
  end(): ThinkParts {
    const held = this.held;
    this.held = '';
    if (this.state === 'thinking') return { reasoning: held, content: '' };
    if (this.state === 'start') {
      this.state = 'content';
      return { reasoning: '', content: held.trim() ? held : '' };
    }
    return { reasoning: '', content: held };
  }
}

/** One-shot split of a whole text (history, tests). */
export function splitThink(text: string): ThinkParts {
  const splitter = new ThinkSplitter();
  const a = splitter.push(text);
  const b = splitter.end();
  return { reasoning: a.reasoning + b.reasoning, content: a.content + b.content };
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialSuffix(text: string, tag: string): number {
  const max = Math.min(tag.length - 1, text.length);
  for (let n = max; n > 0; n--) {
    if (text.endsWith(tag.slice(0, n))) return n;
  }
  return 0;
}
