// MessageBodies draws a streaming reply once per animation frame, except that a frame showing a keystroke in
// the composer draws nothing of the stream: the text is drawn in a task right after that frame.
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
