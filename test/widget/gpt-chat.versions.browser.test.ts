// Versions instead of overwrites: Regenerate and edit-and-resend keep the earlier versions of a turn behind a
// labelled ‹ 2/3 › control (part="versions"); `messages` stays the plain shown path, and what is sent upstream is
// the path through the versions shown. Sessions restore versions from their stored form; clear() removes all of
// them, with the attachments of every version and the stored copy.
import { ChatSession } from '../../src/widget/index.js';
import { deepEqual, equal, ok } from './_support/assert.js';
import {
  $,
  $$,
  assistantTexts,
  cleanup,
  endpoint,
  idle,
  lastRequest,
  mount,
  type,
  uniqueKey,
  userTexts,
  waitFor,
} from './_support/helpers.js';
import { photo, transfer } from './_support/files.js';
import type { GptChat } from '../../src/widget/index.js';

const replies = (el: GptChat) => assistantTexts(el).map((t) => t.trim());
const counter = (el: GptChat, selector: string) => $(el, `${selector} [part="versions"] .count`)?.textContent?.trim();

/** The attachment blobs IndexedDB holds under `ids` (the element's store, markdown/../conversation/blob-store.ts). */
function storedBlobs(ids: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('gpt-chat-attachments');
    open.onsuccess = () => {
      const request = open.result.transaction('blobs').objectStore('blobs').getAllKeys();
      request.onsuccess = () => {
        open.result.close();
        resolve(ids.filter((id) => request.result.includes(id)));
      };
      request.onerror = () => reject(request.error);
    };
    open.onerror = () => reject(open.error);
  });
}

/** Sends `text` with a picked photo and waits for request `count` and the reply. */
async function sendWithPhoto(el: GptChat, key: string, text: string, name: string, count: number): Promise<void> {
  const picker = await waitFor(() => $<HTMLInputElement>(el, 'input.attach-input'), 'attach input');
  picker.files = transfer([await photo(320, 240, 'image/png', name)]).files;
  picker.dispatchEvent(new Event('change', { bubbles: true }));
  await waitFor(() => $$(el, '.attachments.pending .attachment:not(.preparing)').length === 1, `${name} ready`);
  type(el, text);
  await waitFor(() => !$<HTMLButtonElement>(el, 'button.send')?.disabled, 'send enabled');
  $<HTMLButtonElement>(el, 'button.send')!.click();
  await waitFor(async () => (await lastRequest(key))?.count === count, `request ${count}`);
  await idle(el);
}

async function regenerate(el: GptChat, key: string, reply: string, count: number): Promise<void> {
  el.endpoint = endpoint('normal', key, { reply });
  await el.updateComplete;
  $<HTMLButtonElement>(el, '.msg.assistant button.regenerate')!.click();
  await waitFor(async () => (await lastRequest(key))?.count === count, `request ${count}`);
  await idle(el);
}

describe('<gpt-chat> versions', () => {
  afterEach(cleanup);

  it('regenerating twice keeps three versions; ‹ › moves between them and the next request follows the shown one', async () => {
    const key = uniqueKey('versions');
    const el = await mount({ endpoint: endpoint('normal', key, { reply: 'Answer one' }) });
    await el.send('question');
    await idle(el);
    ok(!$(el, '[part="versions"]'), 'no control while there is one version');
    await regenerate(el, key, 'Answer two', 2);
    await regenerate(el, key, 'Answer three', 3);

    deepEqual(replies(el), ['Answer three']);
    equal(counter(el, '.msg.assistant'), '3/3');
    const group = $(el, '.msg.assistant [part="versions"]')!;
    equal(group.getAttribute('role'), 'group');
    equal(group.getAttribute('aria-label'), 'Versions');
    const previous = group.querySelector<HTMLButtonElement>('button.previous')!;
    equal(previous.getAttribute('aria-label'), 'Previous version');
    ok(group.querySelector<HTMLButtonElement>('button.next')!.disabled, 'no next version after the last');
    ok(group.textContent?.includes('Version 3 of 3'), 'the count is spoken in words');

    // Keyboard: the button is focusable and keeps focus on the control as versions change.
    previous.focus();
    previous.click();
    await el.updateComplete;
    await waitFor(() => counter(el, '.msg.assistant') === '2/3', '2/3');
    deepEqual(replies(el), ['Answer two']);
    $<HTMLButtonElement>(el, '.msg.assistant [part="versions"] button.previous')!.click();
    await waitFor(() => counter(el, '.msg.assistant') === '1/3', '1/3');
    deepEqual(replies(el), ['Answer one']);
    ok(el.shadowRoot!.activeElement?.closest('[part="versions"]'), 'focus stays in the control');

    // `messages` is the plain shown path.
    deepEqual(
      el.messages.map((m) => [m.role, m.content]),
      [
        ['user', 'question'],
        ['assistant', 'Answer one'],
      ],
    );
    // The next request carries the version shown.
    el.endpoint = endpoint('normal', key, { reply: 'Follow-up answer' });
    await el.send('and then?');
    await idle(el);
    const body = (await lastRequest(key))!.body;
    deepEqual(
      body.messages.map((m: { content: string }) => m.content),
      ['question', 'Answer one', 'and then?'],
    );
    // Going to another version of the first reply shows that version's own (empty) continuation.
    $<HTMLButtonElement>(el, '.msg.assistant [part="versions"] button.next')!.click();
    await waitFor(() => el.messages.length === 2, 'the path of version 2');
    deepEqual(replies(el), ['Answer two']);
  });

  it('edit-and-resend keeps the earlier question and its reply as version 1', async () => {
    const key = uniqueKey('edit-versions');
    const el = await mount({ endpoint: endpoint('normal', key, { reply: 'Reply to typo' }), lang: 'zh-CN' });
    await el.send('typo questoin');
    await idle(el);
    el.endpoint = endpoint('normal', key, { reply: 'Reply to fix' });
    $<HTMLButtonElement>(el, '.msg.user button.edit-button')!.click();
    const area = await waitFor(() => $<HTMLTextAreaElement>(el, '.edit textarea'), 'editor');
    area.value = 'fixed question';
    $<HTMLButtonElement>(el, '.edit button.primary')!.click();
    await waitFor(async () => (await lastRequest(key))?.count === 2, 'second request');
    await idle(el);
    equal(counter(el, '.msg.user'), '2/2');
    equal($(el, '.msg.user [part="versions"] button.previous')!.getAttribute('aria-label'), '上一个版本');
    $<HTMLButtonElement>(el, '.msg.user [part="versions"] button.previous')!.click();
    await waitFor(() => userTexts(el)[0] === 'typo questoin', 'version 1');
    deepEqual(replies(el), ['Reply to typo']);
  });

  it('a session restores its versions from their stored form, and flat messages still load', async () => {
    const key = uniqueKey('restore');
    const el = await mount({ endpoint: endpoint('normal', key, { reply: 'A1' }) });
    await el.send('q');
    await idle(el);
    await regenerate(el, key, 'A2', 2);
    const stored = JSON.parse(JSON.stringify(el.session.storedVersions()));
    const shown = el.messages;
    ok(stored && stored.nodes.length === 3, 'three nodes stored');

    el.session = new ChatSession(shown, stored);
    await el.updateComplete;
    equal(counter(el, '.msg.assistant'), '2/2');
    el.session = new ChatSession([
      { role: 'user', content: 'old flat chat' },
      { role: 'assistant', content: 'old reply' },
    ]);
    await el.updateComplete;
    deepEqual(replies(el), ['old reply']);
    equal($$(el, '[part="versions"]').length, 0);
    // Versions that do not match the messages given (stale) are ignored rather than shown.
    el.session = new ChatSession([{ role: 'user', content: 'other' }], stored);
    await el.updateComplete;
    deepEqual(userTexts(el), ['other']);
  });

  it('versions survive a reload with storage="local"', async () => {
    const key = uniqueKey('versions-local');
    const attrs = { endpoint: endpoint('normal', key, { reply: 'First' }), storage: 'local', 'storage-key': key };
    let el = await mount(attrs);
    await el.send('keep my versions');
    await idle(el);
    await regenerate(el, key, 'Second', 2);
    cleanup();
    el = await mount(attrs);
    equal(counter(el, '.msg.assistant'), '2/2');
    deepEqual(replies(el), ['Second']);
    $<HTMLButtonElement>(el, '.msg.assistant [part="versions"] button.previous')!.click();
    await waitFor(() => replies(el)[0] === 'First', 'version 1 after the reload');
    el.clear();
  });

  it('clear() removes every version, the attachments of every version and the stored conversation', async () => {
    const key = uniqueKey('versions-clear');
    const storageKey = uniqueKey('versions-clear-storage');
    const attrs = {
      endpoint: endpoint('normal', key, { reply: 'First' }),
      attachments: 'image',
      storage: 'local',
      'storage-key': storageKey,
    };
    let el = await mount(attrs);
    await sendWithPhoto(el, key, 'what is this?', 'one.png', 1);
    await regenerate(el, key, 'Second', 2);
    // Back to the first reply, and a follow-up with another photo under it: that photo is then only in a version
    // that is not shown once the second reply is chosen again.
    $<HTMLButtonElement>(el, '.msg.assistant [part="versions"] button.previous')!.click();
    await waitFor(() => replies(el)[0] === 'First', 'version 1');
    el.endpoint = endpoint('normal', key, { reply: 'Third' });
    await sendWithPhoto(el, key, 'and this?', 'two.png', 3);
    $<HTMLButtonElement>(el, '.msg.assistant [part="versions"] button.next')!.click();
    await waitFor(() => el.messages.length === 2 && replies(el)[0] === 'Second', 'version 2, without the follow-up');

    const nodes = el.session.storedVersions()!.nodes;
    const ids = nodes.flatMap((n) => (n.message.attachments ?? []).map((a) => a.id));
    equal(ids.length, 2, 'one photo in the shown path, one in the hidden version');
    ok(
      !el.messages.some((m) => m.attachments?.some((a) => a.id === ids[1])),
      'the second photo is not in the shown path',
    );
    await waitFor(async () => (await storedBlobs(ids)).length === 2, 'both photos in IndexedDB');
    ok(localStorage.getItem(storageKey), 'the conversation is stored');

    el.clear();
    await el.updateComplete;
    equal(el.messages.length, 0, 'no messages');
    equal(el.session.storedVersions(), undefined, 'no versions');
    equal($$(el, '.msg').length + $$(el, '[part="versions"]').length, 0, 'nothing drawn');
    await waitFor(async () => (await storedBlobs(ids)).length === 0, 'both photos gone from IndexedDB');
    const stored = localStorage.getItem(storageKey);
    ok(stored === null || JSON.parse(stored).messages?.length === 0, `nothing kept in storage: ${stored}`);
    ok(!stored || !stored.includes('"nodes"'), 'no stored versions');

    // A reload finds nothing to restore.
    cleanup();
    el = await mount(attrs);
    await el.updateComplete;
    equal(el.messages.length, 0, 'empty after a reload');
    equal($$(el, '.msg').length, 0);
  });
});
