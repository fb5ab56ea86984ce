// How a reply's Markdown looks in the element (src/widget/styles.ts; issue #13 part 7): table columns aligned as
// the delimiter row says, header words whole on a phone (the table scrolls sideways instead), quote lines kept.
import { ok, equal } from './_support/assert.js';
import { $, $$, cleanup, mount, waitFor } from './_support/helpers.js';

const TABLE =
  '| Left | Centre | Right | Internationalization | Responsibilities | Characteristics |\n' +
  '|:--|:-:|--:|---|---|---|\n' +
  '| a | b | c | d | e | f |\n';

async function reply(content: string, box: string) {
  const el = await mount({}, box);
  el.messages = [
    { role: 'user', content: 'show me' },
    { role: 'assistant', content },
  ];
  await waitFor(() => $(el, '.msg.assistant .md table, .msg.assistant .md blockquote'), 'rendered Markdown');
  return el;
}

/** Each word of `cell` lies on one line (a word broken across lines has two client rects). */
function wordsWhole(cell: Element): boolean {
  const text = cell.firstChild as Text;
  let ok = true;
  for (const m of text.data.matchAll(/\S+/g)) {
    const range = document.createRange();
    range.setStart(text, m.index!);
    range.setEnd(text, m.index! + m[0].length);
    if (range.getClientRects().length !== 1) ok = false;
  }
  return ok;
}

describe('reply Markdown styles', () => {
  afterEach(cleanup);

  it('aligns columns as :--, :-: and --: say', async () => {
    const el = await reply(TABLE, 'width: 1000px; height: 700px');
    const cells = $$(el, '.md td');
    equal(getComputedStyle(cells[0]!).textAlign, 'left');
    equal(getComputedStyle(cells[1]!).textAlign, 'center');
    equal(getComputedStyle(cells[2]!).textAlign, 'right');
    equal(getComputedStyle($$(el, '.md th')[2]!).textAlign, 'right');
    equal(getComputedStyle(cells[3]!).textAlign, 'start', 'no alignment given: the text direction decides');
  });

  it('at 390 px, header words stay whole and the table scrolls sideways', async () => {
    const el = await reply(TABLE, 'width: 390px; height: 844px');
    const ths = $$(el, '.md th');
    for (const th of ths) ok(wordsWhole(th), `"${th.textContent}" unbroken`);
    const scroller = $(el, '.md .table-scroll')!;
    ok(scroller.scrollWidth > scroller.clientWidth, 'the table is wider than the bubble and scrolls');
    const bubble = $(el, '.msg.assistant .bubble')!;
    ok(
      bubble.getBoundingClientRect().right <= el.getBoundingClientRect().right + 0.5,
      'the bubble itself does not overflow',
    );
  });

  it('each line of a blockquote shows on its own line', async () => {
    const el = await reply('> first line\n> second line\n> third line', 'width: 480px; height: 600px');
    const p = $(el, '.md blockquote p')!;
    const text = p.firstChild as Text;
    const top = (word: string) => {
      const range = document.createRange();
      const at = text.data.indexOf(word);
      range.setStart(text, at);
      range.setEnd(text, at + word.length);
      return range.getBoundingClientRect().top;
    };
    ok(top('second') > top('first'), 'second below first');
    ok(top('third') > top('second'), 'third below second');
    equal(p.querySelectorAll('br').length, 0, 'the DOM keeps the soft breaks as text (copy and export unchanged)');
  });
});
