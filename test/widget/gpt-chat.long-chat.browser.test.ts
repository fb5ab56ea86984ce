// Long chats stay fast: a 1,000-message chat opens at its end with only its newest messages rendered; scrolling
// up renders older ones a step at a time without moving what the reader is looking at; typing in the composer
// does not re-render the conversation. (Timings are in bench/chat.mjs, never asserted here.)
import { equal, ok } from './_support/assert.js';
import { $, $$, cleanup, input, mount, type } from './_support/helpers.js';
import type { GptChat } from '../../src/widget/index.js';
import { loadMarkdown } from '../../src/widget/view/message-bodies.js';

function longChat(count: number) {
  return Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? { id: `m${i}`, role: 'user' as const, content: `Question ${i} 问题` }
      : {
          id: `m${i}`,
          role: 'assistant' as const,
          status: 'complete' as const,
          content: `## Answer ${i}\n\nSome **Markdown** for ${i}.\n\n\`\`\`js\nconst n = ${i};\n\`\`\`\n\n- one\n- two`,
        },
  );
}

const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const log = (el: GptChat) => $(el, '.log')!;
const distanceFromBottom = (el: GptChat) => log(el).scrollHeight - log(el).scrollTop - log(el).clientHeight;

async function openLong(count: number): Promise<GptChat> {
  await loadMarkdown();
  const el = await mount({ greeting: 'Hello' }, 'width: 480px; height: 600px');
  el.messages = longChat(count);
  await el.updateComplete;
  await frame();
  await frame();
  return el;
}

/** Scrolls up as a wheel would (the wheel event says it is the reader's own scroll). */
function wheelUp(el: GptChat, px: number): void {
  log(el).dispatchEvent(new WheelEvent('wheel', { deltaY: -px, bubbles: true }));
  log(el).scrollTop -= px;
}

describe('<gpt-chat> long chats', () => {
  afterEach(cleanup);

  it('a 1,000-message chat opens at its end, with only its newest messages in the DOM', async () => {
    const el = await openLong(1000);
    const shown = $$(el, '.msg');
    ok(shown.length > 0 && shown.length <= 40, `${shown.length} messages rendered`);
    equal(shown.at(-1)?.dataset.id, 'm999');
    ok(distanceFromBottom(el) <= 32, `at the bottom (${distanceFromBottom(el)} px away)`);
    ok(!$(el, '.greeting'), 'the greeting waits above the first message');
    equal(el.messages.length, 1000, 'the messages property still holds the whole chat');
  });

  it('scrolling up renders older messages without moving what the reader sees, up to the first', async function (this: {
    timeout(ms: number): void;
  }) {
    this.timeout(120_000);
    const el = await openLong(1000);
    let moved = 0;
    let steps = 0;
    for (let i = 0; i < 1000 && !$(el, '.greeting'); i++) {
      wheelUp(el, 1200);
      // The message under the top edge of the log must stay put while older ones are added above it.
      const box = log(el).getBoundingClientRect();
      const anchor = el.shadowRoot!.elementFromPoint(box.left + 60, box.top + 40)?.closest('.msg');
      const top = anchor?.getBoundingClientRect().top;
      const count = $$(el, '.msg').length;
      await frame();
      await frame();
      if ($$(el, '.msg').length === count) continue;
      steps++;
      if (anchor?.isConnected && top !== undefined)
        moved = Math.max(moved, Math.abs(anchor.getBoundingClientRect().top - top));
    }
    ok(steps > 3, `older messages were added in steps (${steps})`);
    ok(moved <= 1, `the message in view moved ${moved} px while older ones were added`);
    equal($$(el, '.msg:not(.greeting)').length, 1000, 'every message is there at the top');
    equal($$(el, '.msg:not(.greeting)')[0]?.dataset.id, 'm0');
  });

  it('a short chat renders whole; replacing a long chat opens the new one at its end', async () => {
    const el = await openLong(10);
    equal($$(el, '.msg:not(.greeting)').length, 10);
    ok($(el, '.greeting'), 'greeting shown above a whole chat');
    el.messages = longChat(300).map((m) => ({ ...m, id: `b${m.id}` }));
    await el.updateComplete;
    await frame();
    await frame();
    ok($$(el, '.msg').length <= 40, 'only the newest of the new chat');
    equal($$(el, '.msg').at(-1)?.dataset.id, 'bm299');
    ok(distanceFromBottom(el) <= 32, 'at its end');
  });

  it('typing re-renders the element only when the input turns empty or non-empty', async () => {
    const el = await openLong(200);
    let renders = 0;
    const target = el as unknown as { render: () => unknown };
    const render = target.render;
    target.render = function (this: unknown) {
      renders++;
      return render.call(this);
    };
    for (const text of ['h', 'he', 'hel', 'hell', 'hello', 'hello ', 'hello w']) {
      type(el, text);
      await el.updateComplete;
    }
    equal(renders, 1, 'one render: the send button turned on');
    ok(!$<HTMLButtonElement>(el, 'button.send')!.disabled, 'send is enabled');
    type(el, '');
    await el.updateComplete;
    equal(renders, 2);
    ok($<HTMLButtonElement>(el, 'button.send')!.disabled, 'send is disabled again');
    equal(input(el).value, '');
  });
});
