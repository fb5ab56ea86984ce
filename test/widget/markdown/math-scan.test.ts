// Which text becomes a formula (math-scan.ts through marked's lexer, lex.ts): the four delimiters, prices and
// other currency text staying text (a property over generated prices), code staying code.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Token } from 'marked';
import { lexBlocks } from '../../../src/widget/markdown/lex.js';
import { scanInlineMath, scanBlockMath, MAX_TEX } from '../../../src/widget/markdown/math-scan.js';

interface Found {
  type: string;
  tex: string;
  display: boolean;
}

/** Every math token anywhere in the lexed text. */
function formulas(text: string): Found[] {
  const out: Found[] = [];
  const walk = (tokens: Token[] | undefined) => {
    for (const t of tokens ?? []) {
      const g = t as Token & { tex?: string; display?: boolean; tokens?: Token[]; items?: Token[] };
      if (g.type === 'inlineMath' || g.type === 'blockMath')
        out.push({ type: g.type, tex: g.tex!, display: g.display! });
      walk(g.tokens);
      walk(g.items);
      const table = g as unknown as { header?: { tokens: Token[] }[]; rows?: { tokens: Token[] }[][] };
      for (const cell of table.header ?? []) walk(cell.tokens);
      for (const row of table.rows ?? []) for (const cell of row) walk(cell.tokens);
    }
  };
  walk(lexBlocks(text));
  return out;
}

describe('math delimiters', () => {
  it('finds $…$, \\(…\\) inline and $$…$$, \\[…\\] display', () => {
    expect(formulas('Euler: $e^{i\\pi}+1=0$.')).toEqual([{ type: 'inlineMath', tex: 'e^{i\\pi}+1=0', display: false }]);
    expect(formulas('Also \\(a^2+b^2=c^2\\) here.')).toEqual([
      { type: 'inlineMath', tex: 'a^2+b^2=c^2', display: false },
    ]);
    expect(formulas('$$\n\\int_0^1 x\\,dx\n$$\n')).toEqual([
      { type: 'blockMath', tex: '\\int_0^1 x\\,dx', display: true },
    ]);
    expect(formulas('\\[\n\\sum_{k=1}^n k\n\\]\n')).toEqual([
      { type: 'blockMath', tex: '\\sum_{k=1}^n k', display: true },
    ]);
    expect(formulas('inline display $$x^2$$ in a sentence')).toEqual([
      { type: 'inlineMath', tex: 'x^2', display: true },
    ]);
  });

  it('a display block right after a paragraph line starts its own block', () => {
    const found = formulas('The sum is:\n$$\na+b\n$$\nand more text.');
    expect(found).toEqual([{ type: 'blockMath', tex: 'a+b', display: true }]);
  });

  it('keeps emphasis and escapes inside a formula as TeX', () => {
    expect(formulas('$a*b*c_1_2$')[0]!.tex).toBe('a*b*c_1_2');
    expect(formulas('$\\{x\\}$')[0]!.tex).toBe('\\{x\\}');
  });

  it('prices, escaped dollars and blanks after $ stay text', () => {
    for (const text of [
      'It costs $5 and $10.',
      'between $5-$10 a month',
      '$5/$10 plans',
      'Prices: $1,000, $2,500.50 and $3.',
      '价格$5，折扣后$3。',
      'US$5 and US$10',
      '\\$x\\$ is not math',
      '$ x$ and $x $',
      'a lone $ sign',
      'an unclosed \\(x + y',
    ])
      expect(formulas(text), text).toEqual([]);
  });

  it('property: text where every $ is part of a price never holds a formula', () => {
    const word = fc.stringMatching(/^[a-zA-Z\u4e00-\u9fa5.,;:!?()%-]{1,8}$/);
    const price = fc
      .tuple(fc.nat(99999), fc.option(fc.nat(99), { nil: undefined }), fc.constantFrom('', 'USD ', 'US', 'about '))
      .map(([n, cents, before]) => `${before}$${n}${cents === undefined ? '' : `.${String(cents).padStart(2, '0')}`}`);
    const sep = fc.constantFrom(' ', ', ', ' - ', '-', '/', ' or ', ' and ', '，', '\n', ' (', ') ', '~');
    const text = fc
      .array(fc.tuple(fc.oneof(word, price, price), sep), { minLength: 1, maxLength: 30 })
      .map((parts) => parts.map(([a, b]) => a + b).join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(formulas(t)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('math inside code spans and code blocks stays code', () => {
    expect(formulas('Run `echo $HOME$` now, or `\\(x\\)`.')).toEqual([]);
    expect(formulas('```tex\n$$x^2$$\n\\(y\\)\n```\n')).toEqual([]);
    expect(formulas('    $$x^2$$\n')).toEqual([]);
  });

  it('formulas in lists, quotes and tables are found', () => {
    expect(formulas('- item $x$\n- item \\(y\\)\n').map((f) => f.tex)).toEqual(['x', 'y']);
    expect(formulas('> $$\n> z\n> $$\n').map((f) => f.tex)).toEqual(['z']);
    expect(formulas('| a | b |\n| - | - |\n| $p$ | $q$ |\n').map((f) => f.tex)).toEqual(['p', 'q']);
  });

  it('an unclosed formula is text until its closer arrives', () => {
    expect(formulas('so $x^2 + y')).toEqual([]);
    expect(formulas('so $x^2 + y$')).toHaveLength(1);
    expect(formulas('$$\n\\frac{a}{b}\n')).toEqual([]);
    expect(formulas('$$\n\\frac{a}{b}\n$$')).toHaveLength(1);
  });

  it('formulas longer than MAX_TEX stay text; a block never spans a blank line', () => {
    expect(scanInlineMath(`\\(${'x'.repeat(MAX_TEX + 10)}\\)`)).toBeNull();
    expect(scanBlockMath('$$\na\n\nb\n$$\n')).toBeNull();
  });
});
