// MessageBodies draws a streaming reply once per animation frame, except that a frame showing a keystroke in
// the composer draws nothing of the stream: the text is drawn in a task right after that frame. While the
// reader types, the stream asks for no animation frame of its own and its caret holds still.
import { MessageBodies, loadMarkdown } from '../../../src/widget/view/message-bodies.js';
import type { ChatEntry } from '../../../src/widget/controllers/chat-controller.js';
import { equal, ok } from '../_support/assert.js';

const LABELS = { copy: 'Copy', copyCode: 'Copy code', table: 'Table' };
const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
const afterTask = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));

async function streaming(): Promise<{ bodies: MessageBodies; entry: ChatEntry; body: HTMLElement }> {
  await loadMarkdown();
  const bodies = new MessageBodies(() => LABELS);
  const entry = { id: 'a1', role: 'assistant', content: '', status: 'streaming' } as ChatEntry;
  bodies.startStream(entry);
  const body = bodies.body(entry);
  document.body.append(body);
  return { bodies, entry, body };
}

function deliver(bodies: MessageBodies, entry: ChatEntry, text: string, flushed: () => void = () => {}): void {
  entry.content += text;
  bodies.streamDelta(entry, { content: text }, flushed);
}

describe('MessageBodies: streamed text and typing', () => {
  afterEach(() => document.body.replaceChildren());

  it('draws streamed text in the next animation frame when nobody types', async () => {
    const { bodies, entry, body } = await streaming();
    deliver(bodies, entry, 'Hello **world**');
    await frame();
    equal(body.querySelector('strong')?.textContent, 'world');
  });

  it('after a keystroke, the next frame draws nothing of the stream; a task right after it does', async () => {
    const { bodies, entry, body } = await streaming();
    deliver(bodies, entry, 'First part.');
    await frame();
    ok(body.textContent?.includes('First part.'), 'drawn before typing');
    let flushes = 0;
    bodies.noteTyping();
    deliver(bodies, entry, ' Second part.', () => flushes++);
    await frame();
    ok(!body.textContent?.includes('Second part.'), "the keystroke's frame did not draw the stream");
    equal(flushes, 0);
    // Drawn after the frame (at most every 120 ms while typing).
    for (let i = 0; i < 40 && !body.textContent?.includes('Second part.'); i++) await afterTask(10);
    ok(body.textContent?.includes('Second part.'), 'drawn right after');
    equal(flushes, 1);
  });

  it('while the reader types, streamed text asks for no animation frame and is drawn in a task', async () => {
    const { bodies, entry, body } = await streaming();
    bodies.noteTyping();
    await frame();
    const original = window.requestAnimationFrame;
    let asked = 0;
    window.requestAnimationFrame = (cb) => (asked++, original.call(window, cb));
    try {
      deliver(bodies, entry, 'Between keys.');
      deliver(bodies, entry, ' More.');
      equal(asked, 0, 'no frame asked for');
      for (let i = 0; i < 40 && !body.textContent?.includes('More.'); i++) await afterTask(10);
    } finally {
      window.requestAnimationFrame = original;
    }
    ok(body.textContent?.includes('Between keys. More.'), 'drawn without a frame of its own');
    equal(asked, 0);
  });

  it('a keystroke moves a waiting draw to right after its frame', async () => {
    const { bodies, entry, body } = await streaming();
    bodies.noteTyping();
    deliver(bodies, entry, 'Drawn now.');
    for (let i = 0; i < 40 && !body.textContent?.includes('now'); i++) await afterTask(10);
    // Past the 120 ms pause the next draw is due at once; a keystroke now must not have it land before its frame.
    await afterTask(150);
    deliver(bodies, entry, ' Later.');
    bodies.noteTyping();
    // A task queued after the due draw: had the draw stayed where it was, it would have run by now.
    await afterTask();
    ok(!body.textContent?.includes('Later.'), "not drawn in a task before the keystroke's frame");
    for (let i = 0; i < 40 && !body.textContent?.includes('Later.'); i++) await afterTask(10);
    ok(body.textContent?.includes('Later.'), 'drawn after it');
  });

  it("a draw that finds a keystroke waiting (isInputPending) moves to right after that keystroke's frame", async () => {
    const { bodies, entry, body } = await streaming();
    const scheduling = (navigator as unknown as { scheduling: { isInputPending: () => boolean } }).scheduling;
    let pending = true;
    Object.defineProperty(scheduling, 'isInputPending', { configurable: true, value: () => pending });
    try {
      bodies.noteTyping();
      deliver(bodies, entry, 'Wait for the key.');
      await afterTask();
      ok(!body.textContent?.includes('Wait'), 'not drawn while a keystroke waits');
      pending = false;
      await frame();
      for (let i = 0; i < 40 && !body.textContent?.includes('Wait'); i++) await afterTask(10);
      ok(body.textContent?.includes('Wait for the key.'), 'drawn after the frame');
    } finally {
      delete (scheduling as { isInputPending?: unknown }).isInputPending;
    }
  });

  it('the caret holds still while the reader types, and blinks again once a frame draws after the pause', async () => {
    const { bodies, entry, body } = await streaming();
    deliver(bodies, entry, 'Text');
    await frame();
    ok(!body.classList.contains('still'), 'blinking before typing');
    bodies.noteTyping();
    ok(body.classList.contains('still'), 'still while typing');
    await afterTask(650);
    deliver(bodies, entry, ' more');
    await frame();
    ok(!body.classList.contains('still'), 'blinking after the pause');
    bodies.noteTyping();
    entry.status = 'complete';
    bodies.endStream(entry);
    ok(!body.classList.contains('still'), 'a finished reply keeps no class of the stream');
  });

  it('ending the stream while a draw waits renders the whole reply once', async () => {
    const { bodies, entry, body } = await streaming();
    bodies.noteTyping();
    deliver(bodies, entry, '# Title\n\nText');
    await frame();
    entry.status = 'complete';
    bodies.endStream(entry);
    equal(body.querySelector('h1')?.textContent, 'Title');
    await afterTask(200);
    equal(body.querySelectorAll('h1').length, 1, 'no late second draw');
  });
});
