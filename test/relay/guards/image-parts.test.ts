// Guard: image parts must be data:image/(png|jpeg|webp|gif);base64, or https: URLs; anything else → 400 naming
// messages[i].content[j]. Real HTTP through the relay, plus the pure function on hostile sizes.
import { afterEach, describe, expect, test } from 'vitest';
import { postChat, rig, type Rig } from '../_support/helpers.js';
import { checkImageParts, isAllowedImageUrl } from '../../../src/relay/guards/image-parts.js';
import type { ChatCompletionRequest } from '../../../src/shared/openai.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

/** Not an allowed image: a plain-http URL, other schemes, data: URLs of other types (SVG runs script). */
const NOT_IMAGES = [
  'http://example.com/cat.jpg',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD4=',
  'data:image/svg+xml;base64,PHN2Zz4=',
];

const PNG_1PX =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

function imageMessage(url: string) {
  return {
    role: 'user',
    content: [
      { type: 'text', text: 'what is this?' },
      { type: 'image_url', image_url: { url } },
    ],
  };
}

describe('isAllowedImageUrl', () => {
  test.each([
    PNG_1PX,
    'data:image/jpeg;base64,/9j/4AAQ',
    'data:image/webp;base64,UklGR',
    'data:image/gif;base64,R0lGOD',
    'DATA:IMAGE/JPEG;BASE64,/9j/',
    'https://example.com/cat.jpg',
  ])('passes %s', (url) => expect(isAllowedImageUrl(url)).toBe(true));

  test.each([
    ...NOT_IMAGES,
    'data:image/png,rawbytes',
    'data:image/png;charset=utf-8;base64,AAAA',
    'https://',
    ' https://example.com/x.png',
    '',
  ])('refuses %s', (url) => expect(isAllowedImageUrl(url)).toBe(false));

  test('refuses non-strings', () => {
    for (const v of [null, undefined, 42, {}, ['https://x']]) expect(isAllowedImageUrl(v)).toBe(false);
  });

  test('looks only at the prefix: a 20 MB data URL is checked as fast as a small one', () => {
    const huge = 'data:image/jpeg;base64,' + 'A'.repeat(20 * 1024 * 1024);
    const body = { messages: Array.from({ length: 50 }, () => imageMessage(huge)) } as unknown as ChatCompletionRequest;
    // No timing assertion (benchmarks measure speed): this only shows a body of 50 such parts passes.
    expect(checkImageParts(body)).toBeNull();
  });

  test('string-content messages and non-image parts are not inspected', () => {
    const body = {
      messages: [
        { role: 'user', content: 'javascript:alert(1)' },
        { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x' } }] },
      ],
    } as unknown as ChatCompletionRequest;
    expect(checkImageParts(body)).toBeNull();
  });
});

describe('the relay', () => {
  test('forwards a data:image/png part and an https part unchanged', async () => {
    r = await rig();
    const messages = [imageMessage(PNG_1PX), imageMessage('https://example.com/cat.jpg')];
    const res = await postChat(r.relay.url, { messages });
    expect(res.status).toBe(200);
    await res.text();
    const [exchange] = await r.upstream.waitForRequests(1);
    expect(exchange!.received.json.messages).toEqual(messages);
  });

  test.each(NOT_IMAGES)('refuses %s with a 400 naming the message and part', async (url) => {
    r = await rig();
    const messages = [{ role: 'user', content: 'hello' }, imageMessage(url)];
    const res = await postChat(r.relay.url, { messages });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_image_url',
      param: 'messages[1].content[1].image_url.url',
    });
    expect(error.message).toContain('messages[1].content[1]');
    expect(r.upstream.exchanges).toHaveLength(0);
  });

  test('the default body limit takes four ~1.5 MB images (8 MiB) and refuses more', async () => {
    r = await rig();
    const image = 'data:image/jpeg;base64,' + 'A'.repeat(1_500_000);
    const four = {
      role: 'user',
      content: [{ type: 'text', text: 'four' }, ...Array.from({ length: 4 }, () => imageMessage(image).content[1]!)],
    };
    const ok = await postChat(r.relay.url, { messages: [four] });
    expect(ok.status).toBe(200);
    await ok.text();
    const [exchange] = await r.upstream.waitForRequests(1);
    expect(exchange!.received.json.messages[0].content).toHaveLength(5);

    const over = JSON.stringify({ messages: [imageMessage('data:image/jpeg;base64,' + 'A'.repeat(8 * 1024 * 1024))] });
    const res = await postChat(r.relay.url, over);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('request_too_large');
  });
});
