// Streaming: every dialect the fake endpoint speaks, split at odd byte boundaries, renders the same reply.
import { sendKeys } from '@web/test-runner-commands';
import { ok, equal, includes, notIncludes, deepEqual } from './_support/assert.js';
import {
  $,
  $$,
  assistantTexts,
  cleanup,
  endpoint,
  idle,
  input,
  lastRequest,
  mount,
  nextEvent,
  uniqueKey,
  waitFor,
} from './_support/helpers.js';

const REPLY_TEXT = ['Hello 你好，世界！🌏', 'bold', 'code', 'one', '二', 'const x = 1;'];

describe('<gpt-chat> streaming', () => {
  afterEach(cleanup);

  it('streams a reply split at odd UTF-8 boundaries (CJK, emoji) and renders Markdown', async () => {
    const key = uniqueKey('normal');
    const el = await mount({ endpoint: endpoint('normal', key) });
    const response = nextEvent(el, 'gpt-chat-response');
    await el.send('hi 你好');
    const event = await response;
    const text = assistantTexts(el)[0]!;
    for (const piece of REPLY_TEXT) includes(text, piece);
    notIncludes(text, '\uFFFD', 'no broken UTF-8 (replacement characters)');
    ok($(el, '.msg.assistant strong'), 'bold is rendered');
    ok($(el, '.msg.assistant pre code'), 'code block is rendered');
    includes(event.detail.content, 'Hello 你好，世界！🌏');
    equal(event.detail.finishReason, 'stop');
    ok(event.detail.usage && event.detail.usage.total_tokens > 0, 'usage is reported');
  });

  it('sends persona, model, temperature, max-tokens and the history; never the greeting', async () => {
    const key = uniqueKey('body');
    const el = await mount({
      endpoint: endpoint('normal', key),
      persona: '你是一个简洁的技术助手',
      model: 'gpt-test',
      temperature: '0.3',
      'max-tokens': '256',
      greeting: 'Hi! Ask me anything.',
    });
    await el.send('first');
    await idle(el);
    await el.send('second');
    await idle(el);
    const req = (await lastRequest(key))!;
    equal(req.body.model, 'gpt-test');
    equal(req.body.temperature, 0.3);
    equal(req.body.max_tokens, 256);
    equal(req.body.stream, true);
    deepEqual(req.body.messages[0], { role: 'system', content: '你是一个简洁的技术助手' });
    deepEqual(
      req.body.messages.map((m: { role: string }) => m.role),
      ['system', 'user', 'assistant', 'user'],
    );
    equal(req.body.messages.at(-1).content, 'second');
    notIncludes(JSON.stringify(req.body), 'Ask me anything');
  });

  it('handles Azure streams whose first and usage chunks have choices: []', async () => {
    const el = await mount({ endpoint: endpoint('azure', uniqueKey('azure')) });
    const response = nextEvent(el, 'gpt-chat-response');
    await el.send('hi');
    const event = await response;
    includes(assistantTexts(el)[0], 'Hello 你好，世界！🌏');
    equal(event.detail.usage?.completion_tokens, 9);
    ok(!$(el, '.notice.error'), 'no error shown');
  });

  it('shows DeepSeek reasoning_content in a collapsible thinking section and never sends it back', async () => {
    const key = uniqueKey('deepseek');
    const el = await mount({ endpoint: endpoint('deepseek', key) });
    await el.send('why?');
    await idle(el);
    const details = $<HTMLDetailsElement>(el, '.msg.assistant details.thinking')!;
    ok(details, 'thinking section exists');
    includes(details.textContent, 'Let me think about 这个问题 step by step.');
    equal(details.open, false, 'collapsed once the answer is there');
    $<HTMLElement>(el, 'details.thinking summary')!.click();
    ok(details.open, 'can be expanded');
    notIncludes(assistantTexts(el)[0], 'step by step');
    await el.send('and then?');
    await idle(el);
    const req = (await lastRequest(key))!;
    notIncludes(JSON.stringify(req.body), 'step by step');
    notIncludes(JSON.stringify(req.body), 'reasoning');
  });

  it('splits <think>…</think> in content into the thinking section', async () => {
    const key = uniqueKey('think');
    const el = await mount({ endpoint: endpoint('think', key) });
    await el.send('q');
    await idle(el);
    includes($(el, 'details.thinking')?.textContent, 'Pondering 思考 carefully.');
    const text = assistantTexts(el)[0]!;
    notIncludes(text, 'Pondering');
    notIncludes(text, '<think>');
    includes(text, 'Hello 你好，世界！🌏');
    await el.send('again');
    await idle(el);
    notIncludes(JSON.stringify((await lastRequest(key))!.body), 'Pondering');
  });

  it('ignores SSE comments and keep-alive pings', async () => {
    const el = await mount({ endpoint: endpoint('comments', uniqueKey('comments')) });
    await el.send('hi');
    await idle(el);
    const text = assistantTexts(el)[0]!;
    includes(text, 'Hello 你好，世界！🌏');
    notIncludes(text, 'ping');
    notIncludes(text, 'OPENROUTER');
  });

  it('announces a completed reply once in a polite live region, not per token', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('announce')) });
    const region = $(el, '[aria-live="polite"]')!;
    equal($(el, '[role="log"]')!.getAttribute('aria-live'), 'off', 'the log itself does not announce tokens');
    let changes = 0;
    const observer = new MutationObserver(() => changes++);
    observer.observe(region, { childList: true, characterData: true, subtree: true });
    await el.send('hi');
    await idle(el);
    await el.updateComplete;
    observer.disconnect();
    equal(changes > 0 && changes <= 2, true, `live region changed ${changes} times`);
    includes(region.textContent, 'Hello 你好，世界！🌏');
  });

  it('renders incrementally while streaming (text visible before the end)', async () => {
    const el = await mount({ endpoint: endpoint('slow', uniqueKey('incremental')) });
    void el.send('go');
    await waitFor(() => assistantTexts(el)[0]?.includes('w5'), 'partial text on screen');
    ok($(el, 'button.stop'), 'still streaming');
    el.stop();
    await idle(el);
  });

  it('draws a caret after the growing block while streaming, and none once the reply ends', async () => {
    const el = await mount({ endpoint: endpoint('slow', uniqueKey('caret')) });
    void el.send('go');
    const last = () => $(el, '.msg.assistant .md')?.lastElementChild ?? null;
    const growing = await waitFor(() => (assistantTexts(el)[0]?.includes('w3') ? last() : null), 'streaming text');
    equal(growing.tagName, 'P');
    equal(getComputedStyle(growing, '::after').content, '""', 'caret while streaming');
    el.stop();
    await idle(el);
    equal(getComputedStyle(last()!, '::after').content, 'none', 'no caret after the end');
  });

  it('typing while a reply streams: the caret holds still, the stream is still drawn and followed', async () => {
    const el = await mount({ endpoint: endpoint('long', uniqueKey('typing')) }, 'width: 400px; height: 300px');
    const log = $(el, '.log')!;
    const last = () => $(el, '.msg.assistant .md')?.lastElementChild ?? null;
    void el.send('many lines');
    await waitFor(() => log.scrollHeight > log.clientHeight * 2, 'overflowing content');
    equal(getComputedStyle(last()!, '::after').animationName, 'gpt-chat-blink', 'the caret blinks');
    input(el).focus();
    await sendKeys({ type: 'typing along' });
    equal(input(el).value, 'typing along');
    equal(getComputedStyle(last()!, '::after').animationName, 'none', 'the caret holds still while typing');
    const lines = () => assistantTexts(el)[0]?.match(/Line \d+/g)?.length ?? 0;
    const drawn = lines();
    // Still typing: the stream goes on being drawn (at most every 300 ms) and the log stays at its end.
    const body = $(el, '.msg.assistant .md')!;
    const draws: number[] = [];
    const watch = new MutationObserver(() => draws.push(performance.now()));
    watch.observe(body, { childList: true, subtree: true, characterData: true });
    let lastKey = 0;
    for (const key of ' more keys typed one by one') {
      await sendKeys({ press: key === ' ' ? 'Space' : key });
      lastKey = performance.now();
      await new Promise((r) => setTimeout(r, 40));
    }
    watch.disconnect();
    const whileTyping = draws.filter((t) => t < lastKey);
    ok(whileTyping.length >= 2, `the stream is drawn while the reader types (${whileTyping.length} draws)`);
    const gaps = whileTyping.slice(1).map((t, i) => t - whileTyping[i]!);
    // A keystroke never has to share its frame with a draw made just before it: draws are few and far between.
    ok(Math.min(...gaps) >= 280, `draws while typing are ≥ 300 ms apart (gaps ${gaps.map(Math.round).join(', ')} ms)`);
    await waitFor(() => lines() > drawn + 3, 'more lines drawn while typing');
    await sendKeys({ type: '!' });
    await waitFor(() => log.scrollHeight - log.scrollTop - log.clientHeight < 40, 'at the bottom');
    ok(!$(el, '.jump'), 'no jump button');
    el.stop();
    await idle(el);
  });

  it('emits gpt-chat-send and gpt-chat-messages-change (bubbling, composed)', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('events')) });
    const seen: string[] = [];
    const onDoc = (e: Event) => seen.push(e.type);
    document.addEventListener('gpt-chat-send', onDoc);
    document.addEventListener('gpt-chat-messages-change', onDoc);
    document.addEventListener('gpt-chat-response', onDoc);
    const sent = nextEvent(el, 'gpt-chat-send');
    await el.send('hello');
    equal((await sent).detail.text, 'hello');
    await idle(el);
    document.removeEventListener('gpt-chat-send', onDoc);
    document.removeEventListener('gpt-chat-messages-change', onDoc);
    document.removeEventListener('gpt-chat-response', onDoc);
    ok(
      seen.includes('gpt-chat-send') && seen.includes('gpt-chat-messages-change') && seen.includes('gpt-chat-response'),
      seen.join(),
    );
    equal(el.messages.length, 2);
    equal(el.messages[1]!.role, 'assistant');
    equal(el.messages[1]!.status, 'complete');
  });

  it('messages is writable and renders what is assigned', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('messages')) });
    el.messages = [
      { id: 'a', role: 'user', content: 'Q 问题' },
      { id: 'b', role: 'assistant', content: '**A** 答案' },
    ];
    await el.updateComplete;
    equal($$(el, '.msg.user').length, 1);
    includes(assistantTexts(el)[0], 'A 答案');
    ok($(el, '.msg.assistant strong'));
  });
});
