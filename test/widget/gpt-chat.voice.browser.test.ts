// Voice: dictation (Web Speech API) into the input and read-aloud of replies (speechSynthesis). Chromium has no
// recognizer in tests, so a scripted SpeechRecognition stands in for the browser's; speechSynthesis is the real
// one with speak/cancel observed.
import { ok, equal, includes, notIncludes } from './_support/assert.js';
import type { GptChat } from '../../src/widget/index.js';
import { $, $$, cleanup, endpoint, idle, input, mount, type, uniqueKey, waitFor } from './_support/helpers.js';

type Alternative = { transcript: string };
type Result = Alternative[] & { isFinal: boolean };

/** A recognizer the test speaks through: `hear` delivers results, `fail` an error, like Chrome's. */
class ScriptedRecognition extends EventTarget {
  static all: ScriptedRecognition[] = [];
  lang = '';
  continuous = false;
  interimResults = false;
  started = false;
  constructor() {
    super();
    ScriptedRecognition.all.push(this);
  }
  start(): void {
    this.started = true;
  }
  stop(): void {
    this.dispatchEvent(new Event('end'));
  }
  abort(): void {
    this.dispatchEvent(Object.assign(new Event('error'), { error: 'aborted' }));
    this.dispatchEvent(new Event('end'));
  }
  hear(results: Array<[string, boolean]>): void {
    const list = results.map(([transcript, isFinal]) => Object.assign([{ transcript }], { isFinal }) as Result);
    this.dispatchEvent(Object.assign(new Event('result'), { resultIndex: 0, results: list }));
  }
  fail(error: string): void {
    this.dispatchEvent(Object.assign(new Event('error'), { error }));
    this.dispatchEvent(new Event('end'));
  }
}

const w = window as unknown as Record<string, unknown>;
const saved = { standard: w.SpeechRecognition, webkit: w.webkitSpeechRecognition };

function installRecognition(ctor: unknown): void {
  w.SpeechRecognition = ctor;
  w.webkitSpeechRecognition = ctor;
}

const recognizer = () => ScriptedRecognition.all.at(-1)!;
const mic = (el: HTMLElement & { shadowRoot: ShadowRoot | null }) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>('[part="mic"]');

/** Clicks the microphone to start, and waits for the recognizer (the dictation code loads on first use). */
async function startMic(el: GptChat): Promise<void> {
  const before = ScriptedRecognition.all.length;
  mic(el)!.click();
  await waitFor(() => ScriptedRecognition.all.length > before && recognizer().started, 'recognition to start');
  await el.updateComplete;
}

/** Clicks `button` and waits until `done` holds (the voice code answers after its chunk has loaded). */
async function clickUntil(el: GptChat, button: HTMLElement, done: () => boolean, what: string): Promise<void> {
  button.click();
  await waitFor(done, what);
  await el.updateComplete;
}

describe('<gpt-chat> dictation', () => {
  beforeEach(() => {
    ScriptedRecognition.all = [];
    installRecognition(ScriptedRecognition);
  });
  afterEach(() => {
    cleanup();
    w.SpeechRecognition = saved.standard;
    w.webkitSpeechRecognition = saved.webkit;
  });

  it('shows no microphone where the browser has no SpeechRecognition', async () => {
    installRecognition(undefined);
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('nomic')) });
    equal(mic(el), null);
  });

  it('shows a labelled microphone, localized, that is pressed while listening, in the element language', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('mic')), lang: 'zh-CN' });
    const button = mic(el)!;
    ok(button, 'the mic button is there');
    equal(button.getAttribute('aria-label'), '语音输入');
    equal(button.getAttribute('aria-pressed'), 'false');
    await startMic(el);
    equal(button.getAttribute('aria-pressed'), 'true');
    equal(recognizer().lang, 'zh-CN');
    ok(recognizer().interimResults, 'interim results asked for');
    // The second click stops.
    await clickUntil(el, button, () => button.getAttribute('aria-pressed') === 'false', 'the mic to be released');

    el.lang = 'en';
    await el.updateComplete;
    equal(button.getAttribute('aria-label'), 'Voice input');
    await startMic(el);
    equal(recognizer().lang, 'en-US');
  });

  it('puts the transcript at the caret: interim words replaced, final words kept, typed text kept', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('dictate')) });
    type(el, 'Hello world');
    input(el).setSelectionRange(5, 5); // caret after "Hello"
    await startMic(el);
    recognizer().hear([['there', false]]);
    equal(input(el).value, 'Hello there world', 'interim text is shown');
    recognizer().hear([['their', false]]);
    equal(input(el).value, 'Hello their world', 'a revised interim replaces the old one');
    recognizer().hear([
      ['there my', true],
      [' friend', false],
    ]);
    equal(input(el).value, 'Hello there my friend world');
    equal(input(el).selectionStart, 'Hello there my friend'.length, 'the caret follows the spoken text');
    recognizer().stop(); // the unfinished interim word goes, the final ones stay
    await el.updateComplete;
    equal(input(el).value, 'Hello there my world');
    equal(mic(el)!.getAttribute('aria-pressed'), 'false');
    ok(!$<HTMLButtonElement>(el, 'button.send')!.disabled, 'dictated text can be sent');
  });

  it('dictates Chinese without inserting spaces between characters', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('zh')), lang: 'zh-CN' });
    type(el, '你好');
    await startMic(el);
    recognizer().hear([['今天天气怎么样', true]]);
    recognizer().stop();
    await el.updateComplete;
    equal(input(el).value, '你好今天天气怎么样');
  });

  it('shows recognizer errors as a short localized message', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('err')), lang: 'zh-CN' });
    await startMic(el);
    recognizer().fail('not-allowed');
    await el.updateComplete;
    includes($(el, '.mic-error')?.textContent, '麦克风权限被拒绝');
    equal($(el, '.mic-error')?.getAttribute('role'), 'alert');
    el.lang = 'en';
    await el.updateComplete;
    await startMic(el);
    equal($(el, '.mic-error'), null, 'a new attempt clears the old error');
    recognizer().fail('no-speech');
    await el.updateComplete;
    includes($(el, '.mic-error')?.textContent, 'No speech was heard');
    await startMic(el);
    recognizer().fail('network');
    await el.updateComplete;
    includes($(el, '.mic-error')?.textContent, 'network connection');
    type(el, 'typing instead');
    await el.updateComplete;
    equal($(el, '.mic-error'), null, 'typing clears the error');
  });

  it('stops listening when the element leaves the page', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('leave')) });
    await startMic(el);
    let aborted = false;
    recognizer().addEventListener('end', () => (aborted = true));
    el.remove();
    ok(aborted, 'recognition aborted');
    equal($(el, '.mic-error'), null, 'our own abort is no error');
  });
});

describe('<gpt-chat> read-aloud', () => {
  const synth = window.speechSynthesis;
  let spoken: SpeechSynthesisUtterance[] = [];
  let cancels = 0;

  beforeEach(() => {
    spoken = [];
    cancels = 0;
    // Observed on the real object; nothing is actually voiced (headless Chromium has no voices anyway).
    Object.assign(synth, {
      speak: (u: SpeechSynthesisUtterance) => spoken.push(u),
      cancel: () => cancels++,
    });
  });
  afterEach(() => {
    cleanup();
    delete (synth as unknown as Record<string, unknown>).speak;
    delete (synth as unknown as Record<string, unknown>).cancel;
  });

  const speakButtons = (el: Parameters<typeof $$>[0]) => $$<HTMLButtonElement>(el, '.msg.assistant [part="speak"]');
  const said = () => spoken.map((u) => u.text).join(' ');

  it('reads a reply as plain text in its language, code blocks named not read; a second click stops', async () => {
    const reply = '## 结果\n\n这是**加粗**的回答，包含 `x` 变量。\n\n```js\nconst secret = 42;\n```\n\n完毕。';
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('speak'), { reply }), lang: 'zh-CN' });
    await el.send('你好');
    await idle(el);
    const button = speakButtons(el)[0]!;
    equal(button.getAttribute('aria-label'), '朗读');
    await clickUntil(el, button, () => spoken.length > 0, 'speechSynthesis.speak to be called');
    includes(said(), '结果');
    includes(said(), '的回答，包含 x 变量。');
    includes(said(), '代码块');
    notIncludes(said(), 'const secret');
    notIncludes(said(), '**');
    notIncludes(said(), '##');
    equal(spoken[0]!.lang, 'zh-CN');
    equal(button.getAttribute('aria-pressed'), 'true');
    const before = cancels;
    await clickUntil(el, button, () => button.getAttribute('aria-pressed') === 'false', 'the read to stop');
    equal(cancels, before + 1, 'the second click cancels');
  });

  it('reads English replies in English, one reply at a time, and goes quiet when it ends', async () => {
    const el = await mount({
      endpoint: endpoint('normal', uniqueKey('speak-en'), { reply: 'First answer.' }),
      lang: 'zh-CN',
    });
    await el.send('one');
    await idle(el);
    await el.send('two');
    await idle(el);
    const [first, second] = speakButtons(el);
    await clickUntil(el, first!, () => spoken.length > 0, 'the first reply to be read');
    equal(spoken.at(-1)!.lang, 'en-US', 'an English reply is read in English even with a Chinese UI');
    const cancelsBefore = cancels;
    const spokenBefore = spoken.length;
    await clickUntil(el, second!, () => spoken.length > spokenBefore, 'the second reply to be read');
    ok(cancels > cancelsBefore, 'starting another reply cancels the first');
    equal(first!.getAttribute('aria-pressed'), 'false');
    equal(second!.getAttribute('aria-pressed'), 'true');
    spoken.at(-1)!.dispatchEvent(new Event('end'));
    await el.updateComplete;
    equal(second!.getAttribute('aria-pressed'), 'false', 'the end of the last piece ends the read');
  });

  it('stops reading when the element leaves the page', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('speak-leave')) });
    await el.send('hi');
    await idle(el);
    await clickUntil(el, speakButtons(el)[0]!, () => spoken.length > 0, 'the reply to be read');
    const before = cancels;
    el.parentElement!.remove();
    ok(cancels > before, 'speech cancelled on disconnect');
  });
});
