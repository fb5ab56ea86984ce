// Dictation into the input with the Web Speech API (SpeechRecognition; webkit-prefixed in Chrome and Safari).
// What was typed stays: the spoken text goes in at the caret, interim words are shown and replaced as the
// recognizer revises them, final words are kept. Only offered where the browser has the API.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The slice of the Web Speech API used here (not in TypeScript's DOM lib). */
interface Recognition extends EventTarget {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  start(): void;
  stop(): void;
  abort(): void;
}
type RecognitionConstructor = new () => Recognition;
interface RecognitionResultEvent extends Event {
  results: ArrayLike<ArrayLike<{ transcript: string }> & { isFinal: boolean }>;
}

/** What went wrong, as the UI words it: the recognizer's own codes folded into four. */
export type DictationError = 'not-allowed' | 'no-speech' | 'network' | 'failed';

function recognitionConstructor(): RecognitionConstructor | null {
  const w = globalThis as unknown as Record<string, RecognitionConstructor | undefined>;
  return w.SpeechRecognition ?? w.webkitSpeechRecognition ?? null;
}

/**
 * The input's text with `spoken` put between `before` and `after` (what was left and right of the caret), a
 * space added where two words would run together (never between CJK characters).
 */
export function spliceSpoken(before: string, spoken: string, after: string): { value: string; caret: number } {
  if (!spoken) return { value: before + after, caret: before.length };
  const joins = (a: string, b: string) =>
    /[^\s\u3000-\u9fff\uff00-\uffef]$/.test(a) && /^[^\s\u3000-\u9fff\uff00-\uffef]/.test(b);
  const head = before + (joins(before, spoken) ? ' ' : '') + spoken;
  const tail = (joins(spoken, after) ? ' ' : '') + after;
  return { value: head + tail, caret: head.length };
}

export interface DictationTarget {
  /** The recognizer's language (a BCP 47 tag: zh-CN, en-US). */
  lang(): string;
  /** The input being dictated into. */
  input(): HTMLTextAreaElement | null;
  /** New input text (and where the caret goes). */
  write(value: string, caret: number): void;
}

export class Dictation implements ReactiveController {
  listening = false;
  error: DictationError | null = null;
  private recognition: Recognition | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly target: DictationTarget,
  ) {
    host.addController(this);
  }

  toggle(): void {
    if (this.recognition) this.recognition.stop();
    else this.start();
  }

  hostDisconnected(): void {
    // A removed element must not keep the microphone open.
    this.recognition?.abort();
    this.settle();
  }

  private start(): void {
    const Ctor = recognitionConstructor();
    const input = this.target.input();
    if (!Ctor || !input) return;
    const value = input.value;
    const before = value.slice(0, input.selectionStart ?? value.length);
    const after = value.slice(input.selectionEnd ?? value.length);
    const recognition = new Ctor();
    recognition.lang = this.target.lang();
    recognition.continuous = true;
    recognition.interimResults = true;
    let final = '';
    recognition.addEventListener('result', (event) => {
      // Recomputed from every result each time: the recognizer may revise earlier interim words.
      const { results } = event as RecognitionResultEvent;
      let interim = '';
      final = '';
      for (let i = 0; i < results.length; i++) {
        const result = results[i]!;
        if (result.isFinal) final += result[0]?.transcript ?? '';
        else interim += result[0]?.transcript ?? '';
      }
      const next = spliceSpoken(before, (final + interim).trim(), after);
      this.target.write(next.value, next.caret);
    });
    recognition.addEventListener('error', (event) => {
      const code = (event as Event & { error?: string }).error;
      // "aborted" is our own abort (the element left the page): nothing to tell.
      if (code === 'aborted') return;
      this.error = errorOf(code);
      this.host.requestUpdate();
    });
    recognition.addEventListener('end', () => {
      if (this.recognition !== recognition) return;
      // Words never made final are dropped: they were the recognizer's guess, not what it heard.
      const next = spliceSpoken(before, final.trim(), after);
      if (this.target.input()?.value !== next.value) this.target.write(next.value, next.caret);
      this.settle();
    });
    this.error = null;
    this.recognition = recognition;
    this.listening = true;
    try {
      recognition.start();
    } catch {
      this.error = 'failed';
      this.settle();
    }
    this.host.requestUpdate();
  }

  private settle(): void {
    this.recognition = null;
    this.listening = false;
    this.host.requestUpdate();
  }
}

function errorOf(code: string | undefined): DictationError {
  if (code === 'not-allowed' || code === 'service-not-allowed' || code === 'audio-capture') return 'not-allowed';
  if (code === 'no-speech') return 'no-speech';
  if (code === 'network') return 'network';
  return 'failed';
}
