// What a screen reader hears for a reply and what read-aloud speaks (speech.ts).
import { describe, expect, it } from 'vitest';
import { readAloudText, spokenText } from '../../../src/widget/markdown/speech.js';

const reply =
  '# Title\n\nSome **bold** text with `x`.\n\n```js\nconst secret = 42;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n';

describe('readAloudText', () => {
  it('reads the words without Markdown syntax and names code blocks instead of reading them', () => {
    const text = readAloudText(reply, 'code block');
    expect(text).toContain('Title Some bold text with x.');
    expect(text).toContain('code block.');
    expect(text).toContain('a, b. 1, 2.');
    expect(text).not.toMatch(/const secret|[#*`|]/);
  });

  it('reads long replies whole (the live-region text is capped far earlier)', () => {
    const long = 'word '.repeat(2000);
    expect(readAloudText(long, 'code').length).toBeGreaterThan(9000);
    expect(spokenText(long).length).toBeLessThanOrEqual(400);
  });

  it('leaves spokenText reading code verbatim (what the screen shows)', () => {
    expect(spokenText(reply)).toContain('const secret = 42;');
  });
});

describe('spokenText', () => {
  it('reads inline and display formulas as their TeX', () => {
    const text = spokenText('The area is $\\pi r^2$.\n\n$$\n\\frac{a}{b}\n$$\n\nDone.');
    expect(text).toContain('\\pi r^2');
    expect(text).toContain('\\frac{a}{b}');
    expect(text).toContain('Done.');
  });

  it('reads prices as written', () => {
    expect(spokenText('It costs $5 and $10.')).toBe('It costs $5 and $10.');
  });
});
