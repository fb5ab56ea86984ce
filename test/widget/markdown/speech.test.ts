// What a screen reader hears for a reply (speech.ts): formulas are read as their TeX, not dropped.
import { describe, expect, it } from 'vitest';
import { spokenText } from '../../../src/widget/markdown/speech.js';

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
