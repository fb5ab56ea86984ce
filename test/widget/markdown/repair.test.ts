import { describe, expect, it } from 'vitest';
import { repairMarkdown } from '../../../src/widget/markdown/repair.js';

describe('repairMarkdown', () => {
  it.each([
    ['unclosed fence', '```js\nconst a = 1;', '```js\nconst a = 1;\n```'],
    ['unclosed fence ending in newline', '```\ncode\n', '```\ncode\n```'],
    ['tilde fence with longer marker', '~~~~\ncode', '~~~~\ncode\n~~~~'],
    ['fence inside a list item', '- step\n  ```bash\n  npm i', '- step\n  ```bash\n  npm i\n```'],
    ['closed fence is left alone', '```\na\n```', '```\na\n```'],
    ['inline markup inside an open fence is not touched', '```\n**not bold', '```\n**not bold\n```'],
    ['unclosed bold', 'some **bold', 'some **bold**'],
    ['unclosed em', 'some *em', 'some *em*'],
    ['unclosed code span', 'run `npm i', 'run `npm i`'],
    ['unclosed double-backtick code', 'a ``x ` y', 'a ``x ` y``'],
    ['unclosed strikethrough', 'was ~~old', 'was ~~old~~'],
    ['nested bold and em close innermost first', '**bold *both', '**bold *both***'],
    ['bold-em triple', '***x', '***x***'],
    ['half of a closing delimiter', '**bold*', '**bold**'],
    ['markup inside code is not closed', '`a **b', '`a **b`'],
    ['trailing space stays after the closer', '**bold ', '**bold** '],
    ['multiplication is not emphasis', '5 * 3 = 15', '5 * 3 = 15'],
    ['escaped star is literal', 'a \\*b', 'a \\*b'],
    ['bullet star is not emphasis', '* item one\n* item', '* item one\n* item'],
    ['new list item resets open spans of the previous item', '- **a\n- b', '- **a\n- b'],
    ['CJK bold', '这是**重要', '这是**重要**'],
    ['half-written link shows its text', 'see [the docs](http://exa', 'see the docs'],
    ['half-written link title', 'see [docs](http://e.com "Ti', 'see docs'],
    ['half-written image is hidden', 'pic ![alt](http://exa', 'pic '],
    ['complete link is left alone', '[a](http://b.c)', '[a](http://b.c)'],
    ['half-written tag is hidden', 'text <div cla', 'text '],
    ['half-written closing tag is hidden', 'text <b>x</b', 'text <b>x'],
    ['lone < at the end is hidden', 'a <', 'a '],
    ['comparison is kept', 'a < b', 'a < b'],
    ['unclosed comment is hidden', 'a <!-- note', 'a '],
    ['complete text is unchanged', 'Hello **world**.', 'Hello **world**.'],
    ['empty', '', ''],
  ])('%s', (_name, input, expected) => {
    expect(repairMarkdown(input)).toBe(expected);
  });
});
