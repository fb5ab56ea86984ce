// The in-page half of bench/chat.mjs (plain ES module, served as is). Loads one build of <gpt-chat>
// (`?build=cur` or `?build=main`) and exposes window.chatBench:
//   - mount(): an element talking to the bench's local upstream;
//   - recordKeys(): from now on, each keydown's input-to-next-paint time (rAF after the key, then the task
//     after that frame = once the frame has painted), and its interaction's Event Timing entries ≥ 16 ms
//     (grouped by interactionId, matched to the key by the keydown's timeStamp);
//   - mountBare() / sendBare(): a bare <textarea>, and the same stream drawn as plain text beside it (the floor);
//   - open(messages): a fresh element given `messages`, resolved when the last screen is painted at the bottom.
const build = new URL(location.href).searchParams.get('build') ?? 'cur';
await import(`/${build}/gpt-chat.js`);

const afterPaint = () =>
  new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    }),
  );

let keys = null;
/** Event Timing entries of the keys being recorded, by interactionId (keydown, keypress, keyup share one). */
const interactions = new Map();
function takeEntries(entries) {
  for (const e of entries) {
    if (!keys || !e.interactionId) continue;
    let it = interactions.get(e.interactionId);
    if (!it) interactions.set(e.interactionId, (it = { keydownStart: NaN, duration: 0 }));
    if (e.name === 'keydown') it.keydownStart = e.startTime;
    if (it.duration >= e.duration) continue;
    // Where the time went: waiting for the main thread, the handlers, then until the next paint.
    const delay = e.processingStart - e.startTime;
    const handlers = e.processingEnd - e.processingStart;
    Object.assign(it, { name: e.name, start: Math.round(e.startTime), duration: e.duration, delay, handlers });
    it.presentation = e.duration - delay - handlers;
  }
}
// Entries the browser has queued but not yet delivered are taken at the end (takeRecords in stopKeys).
const observer = new PerformanceObserver((list) => takeEntries(list.getEntries()));
observer.observe({ type: 'event', durationThreshold: 16, buffered: false });

document.addEventListener(
  'keydown',
  (event) => {
    if (!keys) return;
    const key = { timeStamp: event.timeStamp, paint: NaN };
    keys.push(key);
    void afterPaint().then((t) => (key.paint = t - key.timeStamp));
  },
  true,
);

/** Per recorded key, its interaction's longest Event Timing entry (null: none ≥ 16 ms, so it took less). */
function perKey(recorded) {
  const byStart = [...interactions.values()].filter((it) => Number.isFinite(it.keydownStart));
  const matched = new Set();
  const out = recorded.map((k) => {
    const it = byStart.find((x) => Math.abs(x.keydownStart - k.timeStamp) < 0.5);
    if (it) matched.add(it);
    return { paint: k.paint, interaction: it ?? null };
  });
  return { keys: out, unmatched: interactions.size - matched.size };
}

function box() {
  document.body.replaceChildren();
  const wrap = document.createElement('div');
  wrap.style.cssText = 'width: 900px; height: 860px; display: flex';
  document.body.append(wrap);
  return wrap;
}

window.chatBench = {
  async mount() {
    const el = document.createElement('gpt-chat');
    el.setAttribute('storage', 'none');
    el.setAttribute('endpoint', '/v1/chat/completions');
    el.style.cssText = 'flex: 1';
    box().append(el);
    await el.updateComplete;
    // As on a page: the Markdown chunk loads and warms up while idle, before anyone types.
    await new Promise((r) => setTimeout(r, 1000));
    el.focus();
    await el.updateComplete;
    return true;
  },
  recordKeys() {
    keys = [];
    interactions.clear();
  },
  async stopKeys() {
    await afterPaint();
    // Event Timing entries arrive after their frame is presented.
    await new Promise((r) => setTimeout(r, 200));
    takeEntries(observer.takeRecords());
    const out = perKey(keys);
    keys = null;
    return out;
  },
  /** A bare <textarea> (no element): the floor for typing in this browser, with or without a stream beside it. */
  async mountBare() {
    const wrap = box();
    const area = document.createElement('textarea');
    area.style.cssText = 'width: 400px; height: 120px; font: 16px/1.4 system-ui; align-self: flex-end';
    const log = document.createElement('div');
    log.style.cssText = 'flex: 1; overflow-y: auto; font: 15px/1.5 system-ui; padding: 16px; white-space: pre-wrap';
    log.append(document.createElement('p'));
    wrap.append(log, area);
    area.focus();
    window.__bareLog = log;
    await new Promise((r) => setTimeout(r, 300));
    return true;
  },
  /**
   * The same stream as plain text in the bare page's log: one text node per animation frame, kept scrolled to the
   * bottom (the least a streaming view does). Resolves when the reply ends.
   */
  sendBare() {
    const log = window.__bareLog;
    let pending = '';
    let frame = 0;
    let chars = 0;
    let para = log.lastElementChild;
    // A paragraph per blank line: a frame lays out the last paragraph, not the whole reply.
    const draw = () => {
      frame = 0;
      const parts = pending.split('\n\n');
      pending = '';
      para.append(parts[0]);
      for (const text of parts.slice(1)) (para = log.appendChild(document.createElement('p'))).append(text);
      log.scrollTop = log.scrollHeight;
    };
    window.__bareChars = () => chars;
    window.__replyDone = (async () => {
      const res = await fetch('/v1/chat/completions', { method: 'POST', body: '{}' });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        const events = buf.split('\n\n');
        buf = events.pop();
        for (const e of events) {
          const data = e.slice(6);
          if (data === '[DONE]') continue;
          const text = JSON.parse(data).choices[0].delta.content ?? '';
          pending += text;
          chars += text.length;
        }
        if (pending && !frame) frame = requestAnimationFrame(draw);
      }
      return true;
    })();
    return true;
  },
  send(text) {
    const el = document.querySelector('gpt-chat');
    window.__replyDone = el.send(text).then(() => true);
    return true;
  },
  replyDone() {
    return window.__replyDone;
  },
  replyChars() {
    if (window.__bareChars) return window.__bareChars();
    const el = document.querySelector('gpt-chat');
    return el.messages.at(-1)?.content.length ?? 0;
  },
  /** Warms the Markdown chunk up with a throwaway element, then times opening a chat of `messages`. */
  async open(messages) {
    await this.mount();
    const wrap = box();
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    const el = document.createElement('gpt-chat');
    el.setAttribute('storage', 'none');
    el.style.cssText = 'flex: 1';
    el.messages = messages;
    wrap.append(el);
    await el.updateComplete;
    const lastId = messages.at(-1).id;
    for (let frame = 0; frame < 600; frame++) {
      const t = await afterPaint();
      const log = el.shadowRoot.querySelector('.log');
      const last = el.shadowRoot.querySelector(`.msg[data-id="${lastId}"] .md:not(.plain)`);
      const atBottom = log && log.scrollHeight - log.scrollTop - log.clientHeight <= 32 && log.scrollTop > 0;
      if (last && atBottom && last.getBoundingClientRect().bottom <= log.getBoundingClientRect().bottom + 40) {
        return { ms: t - t0, frames: frame + 1 };
      }
    }
    return { ms: NaN, frames: 600 };
  },
  /** Scrolls the log up by `px` with the wheel's kind of scroll; how far the message under the top edge moved. */
  async scrollUp(px) {
    const el = document.querySelector('gpt-chat');
    const log = el.shadowRoot.querySelector('.log');
    const moved = [];
    for (let i = 0; i < 40; i++) {
      log.dispatchEvent(new WheelEvent('wheel', { deltaY: -px }));
      log.scrollTop -= px;
      const rect = log.getBoundingClientRect();
      const anchor = el.shadowRoot.elementFromPoint(rect.left + 40, rect.top + 60)?.closest('.msg');
      const before = anchor?.getBoundingClientRect().top;
      await afterPaint();
      await afterPaint();
      if (anchor && before !== undefined) moved.push(Math.abs(anchor.getBoundingClientRect().top - before));
    }
    return moved;
  },
  async memory() {
    const m = await performance.measureUserAgentSpecificMemory();
    return m.bytes;
  },
  counts() {
    const el = document.querySelector('gpt-chat');
    const root = el.shadowRoot;
    return {
      msgs: root.querySelectorAll('.msg').length,
      rendered: root.querySelectorAll('.md:not(.plain)').length,
      nodes: root.querySelectorAll('*').length,
    };
  },
};
window.chatBenchReady = true;
