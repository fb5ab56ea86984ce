// Attachments (attribute `attachments`): images and files picked, pasted or dropped are prepared in the browser
// and sent as OpenAI content parts to the fake endpoint, whose received body is checked; refusals are stated.
import { equal, includes, ok } from './_support/assert.js';
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
  waitFor,
} from './_support/helpers.js';
import { imageSize, photo, textFile, tinyPdf, transfer } from './_support/files.js';
import type { GptChat } from '../../src/widget/index.js';

/** Attaches through the hidden file input, as a user picking files would (once the lazy UI has loaded). */
async function pick(el: GptChat, files: File[]): Promise<void> {
  const picker = await waitFor(() => $<HTMLInputElement>(el, 'input.attach-input'), 'attach input');
  picker.files = transfer(files).files;
  picker.dispatchEvent(new Event('change', { bubbles: true }));
}

const pendingCount = (el: GptChat) => $$(el, '.attachments.pending .attachment:not(.preparing)').length;

async function sendAndReceive(el: GptChat, key: string): Promise<any> {
  await waitFor(() => !$<HTMLButtonElement>(el, 'button.send')?.disabled, 'send enabled');
  $<HTMLButtonElement>(el, 'button.send')!.click();
  await waitFor(() => assistantTexts(el)[0]?.includes('Hello'), 'reply');
  await idle(el);
  return (await lastRequest(key))!.body;
}

describe('<gpt-chat> attachments', () => {
  afterEach(cleanup);

  it('has no attach button unless the attribute names a kind', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('none')) });
    equal($(el, '[part~="attach"]'), null);
    el.setAttribute('attachments', 'image');
    await waitFor(() => $(el, 'button.attach[part~="attach"]'), 'attach button (a lazy chunk)');
    equal($(el, 'button.attach')!.getAttribute('aria-label'), 'Attach images');
  });

  it('a picked 12 MP photo is sent as a JPEG data URL of at most 2048 px, after the text part', async () => {
    const key = uniqueKey('photo');
    const el = await mount({ endpoint: endpoint('normal', key), attachments: 'image file' });
    await pick(el, [await photo(4000, 3000)]);
    await waitFor(() => pendingCount(el) === 1, 'thumbnail');
    const thumb = $(el, '.attachments.pending .attachment.image')!;
    ok(thumb.getAttribute('part')?.includes('attachment'));
    ok(thumb.querySelector('img')?.getAttribute('src')?.startsWith('blob:'), 'thumbnail from a blob URL');
    ok(thumb.querySelector('button.remove')?.getAttribute('aria-label')?.includes('photo.jpg'), 'labelled remove');
    type(el, 'What is in this photo?');
    const body = await sendAndReceive(el, key);
    const content = body.messages.at(-1).content;
    equal(content.length, 2);
    equal(content[0].type, 'text');
    equal(content[0].text, 'What is in this photo?');
    equal(content[1].type, 'image_url');
    const url: string = content[1].image_url.url;
    ok(url.startsWith('data:image/jpeg;base64,'), url.slice(0, 40));
    ok(url.length * 0.75 <= 1024 * 1024 + 4, `about 1 MB at most, got ${url.length}`);
    const size = await imageSize(url);
    equal(size.width, 2048);
    equal(size.height, 1536);
    equal(pendingCount(el), 0, 'the tray is empty after sending');
    ok($(el, '.msg.user .attachments.sent .attachment.image img'), 'the sent message shows its thumbnail');
  });

  it('paste and drop attach images; a fifth image is refused with a message', async () => {
    const key = uniqueKey('paste-drop');
    const el = await mount({ endpoint: endpoint('normal', key), attachments: 'image' });
    const small = await photo(300, 200, 'image/png', 'shot.png');
    await waitFor(() => $(el, 'button.attach'), 'attachments UI');
    const paste = new ClipboardEvent('paste', { clipboardData: transfer([small]), bubbles: true, cancelable: true });
    $(el, 'textarea.input')!.dispatchEvent(paste);
    ok(paste.defaultPrevented, 'a pasted file does not also paste as text');
    await waitFor(() => pendingCount(el) === 1, 'pasted image');
    const panel = $(el, '.panel')!;
    const dt = transfer([small, small, small, small]);
    panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    panel.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    await waitFor(() => pendingCount(el) === 4, 'four images');
    includes($(el, '.attach-notice')?.textContent, 'At most 4 images');
    const body = await sendAndReceive(el, key);
    const parts = body.messages.at(-1).content;
    equal(parts.length, 4, 'image parts only: there was no text');
    for (const part of parts) ok(part.image_url.url.startsWith('data:image/jpeg;base64,'));
  });

  it('a removed thumbnail is not sent', async () => {
    const key = uniqueKey('remove');
    const el = await mount({ endpoint: endpoint('normal', key), attachments: 'image' });
    await pick(el, [await photo(100, 100, 'image/png', 'a.png'), await photo(120, 80, 'image/png', 'b.png')]);
    await waitFor(() => pendingCount(el) === 2, 'two thumbnails');
    $<HTMLButtonElement>(el, '.attachment.image button.remove[aria-label="Remove a.png"]')!.click();
    await el.updateComplete;
    equal(pendingCount(el), 1);
    type(el, 'one left');
    const body = await sendAndReceive(el, key);
    equal(body.messages.at(-1).content.length, 2);
    equal((await imageSize(body.messages.at(-1).content[1].image_url.url)).width, 120);
  });

  it('a text file is sent as a fenced block headed by its name, longer than its own backticks', async () => {
    const key = uniqueKey('text-file');
    const el = await mount({ endpoint: endpoint('normal', key), attachments: 'file' });
    const source = 'Some notes\n```js\nconst x = 1;\n```\n中文内容\n';
    await pick(el, [textFile('notes.md', source, '')]);
    await waitFor(() => $(el, '.attachment.file .tokens'), 'file chip');
    includes($(el, '.attachment.file .name')?.textContent, 'notes.md');
    includes($(el, '.attachment.file .tokens')?.textContent, 'tokens');
    type(el, 'Summarize');
    const body = await sendAndReceive(el, key);
    const content = body.messages.at(-1).content;
    equal(typeof content, 'string', 'files without images stay a plain string');
    equal(content, `Summarize\n\nnotes.md\n\`\`\`\`md\n${source}\`\`\`\``);
    ok($(el, '.msg.user .attachments.sent .attachment.file'), 'the sent message shows the chip');
  });

  it('a PDF is turned into text (pdfjs in its worker)', async () => {
    const key = uniqueKey('pdf');
    const el = await mount({ endpoint: endpoint('normal', key), attachments: 'file' });
    await pick(el, [tinyPdf('Hello from a tiny PDF')]);
    await waitFor(() => $(el, '.attachment.file .tokens'), 'pdf chip', 30_000);
    const body = await sendAndReceive(el, key);
    const content: string = body.messages.at(-1).content;
    ok(content.startsWith('tiny.pdf\n```pdf\n'), content.slice(0, 40));
    includes(content, 'Hello from a tiny PDF');
  });

  it('refuses, with a stated reason, unsupported types, files over 10 MB and files over the context limit', async () => {
    const el = await mount({
      endpoint: endpoint('normal', uniqueKey('refuse')),
      attachments: 'image file',
      'context-limit': '50',
    });
    await pick(el, [new File([new Uint8Array(10)], 'app.exe', { type: 'application/x-msdownload' })]);
    await waitFor(() => $(el, '.attach-notice'), 'notice');
    includes($(el, '.attach-notice')!.textContent, 'app.exe was not attached: this kind of file is not supported');
    await pick(el, [new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'huge.txt', { type: 'text/plain' })]);
    await waitFor(() => $(el, '.attach-notice')?.textContent?.includes('huge.txt'), 'size notice');
    includes($(el, '.attach-notice')!.textContent, 'at most 10 MB');
    await pick(el, [textFile('long.txt', 'word '.repeat(400))]);
    await waitFor(() => $(el, '.attach-notice')?.textContent?.includes('long.txt'), 'context notice');
    includes($(el, '.attach-notice')!.textContent, 'more than the context limit (50)');
    equal(pendingCount(el), 0, 'nothing was attached, nothing cut');
  });

  it('says in Chinese when the model cannot read images', async () => {
    const key = uniqueKey('no-images');
    const el = await mount({ endpoint: endpoint('no-images', key), attachments: 'image', lang: 'zh-CN' });
    await pick(el, [await photo(64, 64, 'image/png', 'x.png')]);
    await waitFor(() => pendingCount(el) === 1, 'thumbnail');
    type(el, '这是什么？');
    $<HTMLButtonElement>(el, 'button.send')!.click();
    const notice = await waitFor(() => $(el, '.notice.error[data-kind="no-images"]'), 'no-images notice');
    includes(notice.textContent, '当前模型不支持图片');
    // The text and the image are back in the composer: removing the image and sending again sends the text alone.
    await waitFor(() => pendingCount(el) === 1, 'the image back in the composer');
    equal($<HTMLTextAreaElement>(el, 'textarea.input')!.value, '这是什么？');
    $<HTMLButtonElement>(el, '.attachments.pending button.remove')!.click();
    const textOnly = uniqueKey('no-images-then-text');
    el.endpoint = endpoint('normal', textOnly);
    const body = await sendAndReceive(el, textOnly);
    equal(body.messages.at(-1).content, '这是什么？');
    equal($$(el, '.msg.user').length, 1, 'the failed message was replaced, not repeated');
  });

  it('the attachment Blob survives a reload (IndexedDB) and is sent again', async () => {
    const key = uniqueKey('persist');
    const storageKey = uniqueKey('persist-store');
    const el = await mount({
      endpoint: endpoint('normal', key),
      attachments: 'image',
      storage: 'local',
      'storage-key': storageKey,
    });
    await pick(el, [await photo(800, 600, 'image/png', 'kept.png')]);
    await waitFor(() => pendingCount(el) === 1, 'thumbnail');
    type(el, 'remember this');
    await sendAndReceive(el, key);
    const stored = JSON.parse(localStorage.getItem(storageKey)!);
    const attachment = stored.messages[0].attachments[0];
    equal(attachment.kind, 'image');
    ok(!JSON.stringify(stored).includes('base64'), 'no base64 inside the stored JSON');
    // The blob is in IndexedDB under the attachment's id.
    const blob = await new Promise<Blob>((resolve, reject) => {
      const open = indexedDB.open('gpt-chat-attachments');
      open.onsuccess = () => {
        const get = open.result.transaction('blobs').objectStore('blobs').get(attachment.id);
        get.onsuccess = () => resolve(get.result);
        get.onerror = () => reject(get.error);
      };
    });
    ok(blob instanceof Blob && blob.type === 'image/jpeg', 'a JPEG Blob in IndexedDB');
    cleanup();
    const again = await mount({
      endpoint: endpoint('normal', key),
      attachments: 'image',
      storage: 'local',
      'storage-key': storageKey,
    });
    await waitFor(() => $(again, '.msg.user .attachment.image img'), 'thumbnail after reload');
    $<HTMLButtonElement>(again, 'button.regenerate')!.click();
    await waitFor(async () => (await lastRequest(key))?.count === 2, 'second request');
    const body = (await lastRequest(key))!.body;
    equal((await imageSize(body.messages.at(-1).content[1].image_url.url)).width, 800);
    again.clear();
  });

  it('a thumbnail opens the image large in a dialog', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('viewer')), attachments: 'image' });
    await pick(el, [await photo(640, 480, 'image/png', 'big.png')]);
    await waitFor(() => pendingCount(el) === 1, 'thumbnail');
    $<HTMLButtonElement>(el, '.attachment.image button.thumb')!.click();
    const dialog = $<HTMLDialogElement>(el, 'dialog.viewer')!;
    ok(dialog.open, 'the dialog is open');
    equal(dialog.querySelector('img')!.alt, 'big.png');
    await waitFor(() => dialog.querySelector('img')!.naturalWidth === 640, 'image loaded');
    dialog.click();
    ok(!dialog.open, 'a click closes it');
  });
});
