// Whether this browser can dictate (Web Speech API recognition) and read aloud (speechSynthesis): checked on each
// render, without loading the voice code itself (it is fetched on the first click).

export function canDictate(): boolean {
  const w = globalThis as unknown as Record<string, unknown>;
  return typeof (w.SpeechRecognition ?? w.webkitSpeechRecognition) === 'function';
}

export function canSpeak(): boolean {
  return typeof globalThis.speechSynthesis?.speak === 'function' && typeof SpeechSynthesisUtterance === 'function';
}
