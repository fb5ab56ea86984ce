// Code headers name the language as people write it (issue #13 part 7): TypeScript, not ts.
import { describe, expect, it } from 'vitest';
import { languageName } from '../../../src/widget/markdown/languages.js';

describe('languageName', () => {
  it.each([
    ['ts', 'TypeScript'],
    ['typescript', 'TypeScript'],
    ['js', 'JavaScript'],
    ['py', 'Python'],
    ['sh', 'Shell'],
    ['bash', 'Bash'],
    ['cpp', 'C++'],
    ['cs', 'C#'],
    ['yml', 'YAML'],
    ['json', 'JSON'],
  ])('%s → %s', (tag, name) => expect(languageName(tag)).toBe(name));

  it('an unknown tag is shown as written, and object keys are not languages', () => {
    expect(languageName('brainfuck')).toBe('brainfuck');
    expect(languageName('constructor')).toBe('constructor');
    expect(languageName('__proto__')).toBe('__proto__');
  });
});
