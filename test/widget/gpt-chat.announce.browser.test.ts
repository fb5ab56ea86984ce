// What the polite live region says: plain text (no Markdown syntax), capped, and nothing left over from
// another conversation after a storage-key change, clear() or a `messages` assignment.
import { ok, includes, equal } from './_support/assert.js';
import { $, cleanup, endpoint, idle, mount, uniqueKey, waitFor } from './_support/helpers.js';
import type { GptChat } from '../../src/widget/index.js';

const MARKDOWN = '# Title\n\n| col | other |\n|---|---|\n| one | two |\n\nUse `npm test` and **bold** *it*.\n';
const said = (el: GptChat) => $(el, '.announcer')!.textContent ?? '';

async function replied(reply: string): Promise<GptChat> {
  // No pauses between writes: a 1,200-character reply is ~9,000 paused writes, 20 s on a loaded machine.
  const el = await mount({ endpoint: endpoint('normal', uniqueKey('announce'), { reply, pause: '0' }) });
  await el.send('hi');
  await idle(el);
  // The reply is announced once the plain-text reader (a lazy chunk) has loaded, which a fast stream can beat.
  await waitFor(() => said(el) !== '' && !said(el).startsWith('Waiting'), 'the reply to be announced');
  return el;
}

describe('<gpt-chat> announcements', () => {
  afterEach(cleanup);

  it('announces a Markdown reply as plain text', async () => {
    const el = await replied(MARKDOWN);
    const text = said(el);
    for (const word of ['Title', 'col', 'other', 'one', 'two', 'npm test', 'bold', 'it']) includes(text, word);
    for (const mark of ['|', '`', '#', '*', '---']) ok(!text.includes(mark), `"${mark}" in ${JSON.stringify(text)}`);
  });

  it('caps a long announcement', async () => {
    const el = await replied('word '.repeat(240));
    const text = said(el);
    ok(text.length > 100 && text.length <= 520, `announcement of ${text.length} characters`);
  });

  it('empties the live region on clear()', async () => {
    const el = await replied('Done.');
    includes(said(el), 'Done.');
    el.clear();
    await el.updateComplete;
    equal(said(el).trim(), '', 'after clear()');
  });

  it('empties the live region when messages are assigned', async () => {
    const el = await replied('Done.');
    el.messages = [{ role: 'user', content: 'other chat' }];
    await el.updateComplete;
    equal(said(el).trim(), '', 'after messages =');
  });

  it('empties the live region on a storage-key change', async () => {
    const el = await replied('Done.');
    el.storageKey = uniqueKey('other-key');
    await el.updateComplete;
    equal(said(el).trim(), '', 'after a storage-key change');
  });
});
