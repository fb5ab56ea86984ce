// Read-aloud of a reply with speechSynthesis: one reply at a time (the synthesizer is one per page, so starting
// one cancels whatever spoke before, here or in another element), a second click stops, and leaving the page
// stops it. The text is queued in sentence-sized utterances: Chrome stops a single long one after ~15 s.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Longest utterance, in characters. */
const PIECE_MAX = 200;

/** The language a reply is read in: from its script (Han, kana, Hangul), else the UI's. */
export function replyLang(text: string, uiLang: string): string {
  const sample = text.slice(0, 2000);
  if (/[\u3040-\u30ff]/.test(sample)) return 'ja-JP';
  if (/[\uac00-\ud7af]/.test(sample)) return 'ko-KR';
  const han = sample.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
  const latin = sample.match(/[A-Za-z]+/g)?.length ?? 0;
  // Counted as characters against words: a Chinese reply naming a few English terms is still Chinese.
  if (han > 0 && han >= latin) return 'zh-CN';
  return /^zh/i.test(uiLang) && han > 0 ? 'zh-CN' : 'en-US';
}

/** `text` cut after sentence ends (。！？.!? and newlines) into pieces of at most PIECE_MAX characters. */
export function speechPieces(text: string): string[] {
  const sentences = text.match(/[^。！？.!?\n]+[。！？.!?\n]*/g) ?? [];
  const out: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    // A sentence longer than a piece on its own is cut at the limit.
    for (let i = 0; i < sentence.length; i += PIECE_MAX) {
      const part = sentence.slice(i, i + PIECE_MAX);
      if (current && current.length + part.length > PIECE_MAX) {
        out.push(current.trim());
        current = '';
      }
      current += part;
    }
  }
  if (current.trim()) out.push(current.trim());
  return out.filter(Boolean);
}

/** Used only where the browser can speak (voice-support.ts canSpeak(): the element shows no button elsewhere). */
export class SpeechOutput implements ReactiveController {
  /** The id of the message being read, or null. */
  speaking: string | null = null;
  private last: SpeechSynthesisUtterance | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Reads `text` (already plain) for message `id` in `lang`, or stops if that message is being read. */
  toggle(id: string, text: string, lang: string): void {
    if (this.speaking === id) return this.stop();
    speechSynthesis.cancel();
    const pieces = speechPieces(text);
    if (pieces.length === 0) return;
    const utterances = pieces.map((piece) => {
      const u = new SpeechSynthesisUtterance(piece);
      u.lang = lang;
      return u;
    });
    const last = utterances.at(-1)!;
    this.last = last;
    this.speaking = id;
    // The last piece ending, or any piece failing or cancelled (another reply started, here or in another
    // element), ends the read.
    const done = () => {
      if (this.last !== last) return;
      this.last = null;
      this.speaking = null;
      this.host.requestUpdate();
    };
    last.addEventListener('end', done);
    for (const u of utterances) {
      u.addEventListener('error', done);
      speechSynthesis.speak(u);
    }
    this.host.requestUpdate();
  }

  stop(): void {
    if (this.speaking === null) return;
    this.last = null;
    this.speaking = null;
    speechSynthesis.cancel();
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.stop();
  }
}
