// Replies keep going in the background: a reply streams into its own ChatSession, so showing another session
// in the element does not stop it; showing it again picks up the live reply; Stop stops only the shown one; an
// error that happened in the background is shown on return.
import { ChatSession } from '../../src/widget/index.js';
import { equal, includes, ok } from './_support/assert.js';
import { $, assistantTexts, cleanup, endpoint, idle, mount, uniqueKey, waitFor } from './_support/helpers.js';

describe('<gpt-chat> sessions', () => {
  afterEach(cleanup);

  it('a reply goes on streaming while another session is shown, and is live again on return', async () => {
    const el = await mount({ endpoint: endpoint('slow', uniqueKey('bg-a')) });
    const a = el.session;
    void el.send('first chat');
    await waitFor(() => a.messages[1]?.content.includes('w3'), 'chat A streaming');

    const b = new ChatSession();
    el.session = b;
    await el.updateComplete;
    equal(assistantTexts(el).length, 0, 'chat B is shown empty');
    ok(!$(el, 'button.stop'), 'B has nothing to stop');
    el.endpoint = endpoint('slow', uniqueKey('bg-b'));
    void el.send('second chat');
    await waitFor(() => b.messages[1]?.content.includes('w2'), 'chat B streaming');
    ok(a.busy && b.busy, 'both chats stream at once');
    const before = a.messages[1]!.content.length;
    await waitFor(() => a.messages[1]!.content.length > before + 10, 'A still growing in the background');

    el.session = a;
    await el.updateComplete;
    const shown = () => assistantTexts(el)[0] ?? '';
    await waitFor(() => shown().includes('Streaming'), 'A shown');
    const seen = shown().length;
    await waitFor(() => shown().length > seen + 5, 'A keeps streaming in view');
    ok($(el, 'button.stop'), 'Stop offered for the shown stream');

    // Stop works per chat: A stops, B goes on.
    $<HTMLButtonElement>(el, 'button.stop')!.click();
    await idle(el);
    equal(a.messages[1]!.status, 'interrupted');
    ok(b.busy, 'B still streams');
    el.session = b;
    await el.updateComplete;
    el.stop();
    await idle(el);
    equal(b.messages[1]!.status, 'interrupted');
  });

  it('a reply that finishes in the background is complete when shown again', async () => {
    const el = await mount({
      endpoint: endpoint('delayed-think', uniqueKey('bg-done'), { wait: '600', think: '200' }),
    });
    const a = el.session;
    void el.send('slow question');
    await waitFor(() => a.busy, 'A busy');
    el.session = new ChatSession();
    await waitFor(() => !a.busy, 'A finished in the background');
    equal(a.messages[1]!.status, 'complete');
    el.session = a;
    await el.updateComplete;
    includes(assistantTexts(el)[0], 'Hello');
    ok(!$(el, 'button.stop'));
  });

  it('an error in a background chat is kept and shown on return', async () => {
    const el = await mount({ endpoint: endpoint('in-stream-error', uniqueKey('bg-err')) });
    const a = el.session;
    el.session = new ChatSession();
    el.session = a;
    void el.send('will fail');
    el.session = new ChatSession();
    await waitFor(() => a.error, 'A failed in the background');
    ok(!$(el, '.notice.error'), 'no error shown for the other chat');
    el.session = a;
    await el.updateComplete;
    ok($(el, '.notice.error'), 'the error is shown on return');
    includes(assistantTexts(el)[0], 'Partial answer');
  });
});
