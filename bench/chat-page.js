// The in-page half of bench/chat.mjs (plain ES module, served as is). Loads one build of <gpt-chat>
// (`?build=cur` or `?build=main`) and exposes window.chatBench:
//   - mount(): an element talking to the bench's local upstream;
//   - recordKeys(): from now on, each keydown's input-to-next-paint time (rAF after the key, then the task
//     after that frame = once the frame has painted), plus Event Timing entries ≥ 16 ms by interaction;
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
const slowEvents = new Map();
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (!keys || !e.interactionId) continue;
    const was = slowEvents.get(e.interactionId);
    if (was && was.duration >= e.duration) continue;
    // Where the time went: waiting for the main thread, the handlers, then until the next paint.
    const delay = e.processingStart - e.startTime;
    const handlers = e.processingEnd - e.processingStart;
    slowEvents.set(e.interactionId, {
      name: e.name,
      start: Math.round(e.startTime),
      duration: e.duration,
      delay,
      handlers,
      presentation: e.duration - delay - handlers,
    });
  }
}).observe({ type: 'event', durationThreshold: 16, buffered: false });

document.addEventListener(
  'keydown',
  (event) => {
    if (!keys) return;
    const start = event.timeStamp;
    const list = keys;
    void afterPaint().then((t) => list.push(t - start));
  },
  true,
);

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
    slowEvents.clear();
  },
  async stopKeys() {
    await afterPaint();
    await new Promise((r) => setTimeout(r, 100));
    const out = { paint: keys, slowInteractions: [...slowEvents.values()] };
    keys = null;
    return out;
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
