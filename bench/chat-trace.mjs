// Reads a Chromium trace of bench/chat.mjs typing while streaming (CHAT_TRACE=file.json) and says where the
// slowest key interactions spent their time: per interaction (Event Timing, unrounded, grouped by interactionId)
// the renderer main thread's work between the key and the paint, by kind (script, style, layout, pre-paint,
// paint, layerize, observers, forced layouts) and the raster/compositor threads' work in the same span.
// Usage: node bench/chat-trace.mjs file.json [count=8]
import { readFileSync } from 'node:fs';

/** What the main thread did, by trace event name (nested events are counted in the innermost kind listed). */
const KINDS = {
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'pre-paint',
  Paint: 'paint',
  Layerize: 'layerize',
  'IntersectionObserverController::computeIntersections': 'intersections',
  'LocalFrameView::NotifyResizeObservers': 'resize-observers',
  HitTest: 'hit-test',
  ParseHTML: 'parse-html',
  FunctionCall: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  EventDispatch: 'script',
  RunMicrotasks: 'script',
  'v8.run': 'script',
};
const RASTER = /raster|tile|draw|swap|gpu|skia|composit|viz|display/i;

export function analyzeTrace(file, count = 8) {
  const raw = JSON.parse(readFileSync(file, 'utf8'));
  const events = raw.traceEvents ?? raw;
  const names = new Map();
  for (const e of events) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const timing = events.filter((e) => e.name === 'EventTiming' && e.ph === 'b' && e.args?.data?.interactionId);
  if (!timing.length) return { interactions: 0, slowest: [] };
  const main = `${timing[0].pid}:${timing[0].tid}`;
  // Per interaction: the entry with the longest duration (keydown, keypress, keyup share one interactionId).
  const byId = new Map();
  for (const e of timing) {
    const d = e.args.data;
    const was = byId.get(d.interactionId);
    if (!was || was.args.data.duration < d.duration) byId.set(d.interactionId, e);
  }
  const spans = events.filter((e) => e.ph === 'X' && e.dur > 0);
  const mainSpans = spans.filter((e) => `${e.pid}:${e.tid}` === main);
  const otherSpans = spans.filter((e) => `${e.pid}:${e.tid}` !== main && RASTER.test(e.name));
  const interactions = [...byId.values()].map((e) => ({ e, ms: e.args.data.duration }));
  interactions.sort((a, b) => b.ms - a.ms);
  const slowest = interactions.slice(0, count).map(({ e, ms }) => {
    const d = e.args.data;
    const start = e.ts;
    const end = e.ts + ms * 1000;
    const clip = (x) => Math.max(0, Math.min(end, x.ts + x.dur) - Math.max(start, x.ts));
    // Self time per kind: an event's clipped time minus that of its listed children.
    const inWindow = mainSpans.filter((x) => x.ts < end && x.ts + x.dur > start).sort((a, b) => a.ts - b.ts);
    const kinds = {};
    let busy = 0;
    const stack = [];
    for (const x of inWindow) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= x.ts) stack.pop();
      if (!stack.length) busy += clip(x);
      stack.push(x);
      const kind = KINDS[x.name];
      if (!kind) continue;
      const parent = [...stack.slice(0, -1)].reverse().find((p) => KINDS[p.name]);
      kinds[kind] = (kinds[kind] ?? 0) + clip(x);
      if (parent) kinds[KINDS[parent.name]] -= clip(x);
    }
    // Style and layout brought up to date outside the frame's own steps too (outermost calls only).
    let forced = 0;
    let until = 0;
    for (const x of inWindow) {
      if (x.name !== 'Document::UpdateStyleAndLayout' || x.ts < until) continue;
      forced += clip(x);
      until = x.ts + x.dur;
    }
    const other = {};
    for (const x of otherSpans) {
      const t = clip(x);
      const key = `${names.get(`${x.pid}:${x.tid}`) ?? x.tid}:${x.name}`;
      if (t > 0) other[key] = (other[key] ?? 0) + t;
    }
    const ms3 = (us) => Math.round(us / 100) / 10;
    return {
      interactionId: d.interactionId,
      type: d.type,
      durationMs: Math.round(ms * 10) / 10,
      waitingMs: Math.round((d.processingStart - d.timeStamp) * 10) / 10,
      handlersMs: Math.round((d.processingEnd - d.processingStart) * 10) / 10,
      mainBusyMs: ms3(busy),
      mainByKindMs: Object.fromEntries(
        Object.entries(kinds)
          .filter(([, v]) => v > 50)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => [k, ms3(v)]),
      ),
      updateStyleAndLayoutMs: ms3(forced),
      otherThreadsMs: Object.fromEntries(
        Object.entries(other)
          .filter(([, v]) => v > 200)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 6)
          .map(([k, v]) => [k, ms3(v)]),
      ),
    };
  });
  const q = (xs, p) => {
    const s = [...xs].sort((a, b) => a - b);
    return Math.round(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] * 10) / 10;
  };
  const pp = (xs) => ({ p50: q(xs, 0.5), p95: q(xs, 0.95) });
  // The pipeline per interaction: key → its frame's start (main thread), → commit done, → presented.
  const frames = mainSpans.filter((x) => x.name === 'WebFrameWidgetImpl::BeginMainFrame').map((x) => x.ts);
  frames.sort((a, b) => a - b);
  const keydowns = mainSpans.filter((x) => x.name === 'EventDispatch' && x.args?.data?.type === 'keydown');
  const toFrame = keydowns.map((k) => (frames.find((f) => f > k.ts) ?? NaN) - k.ts).filter(Number.isFinite);
  const data = interactions.map(({ e }) => e.args.data);
  const seconds = (frames.at(-1) - frames[0]) / 1e6;
  return {
    interactions: data.length,
    durationMs: pp(data.map((d) => d.duration)),
    over16: data.filter((d) => d.duration > 16).length,
    mainFramesPerSecond: Math.round((frames.length / seconds) * 10) / 10,
    keydownToFrameStartMs: pp(toFrame.map((x) => x / 1000)),
    keyToCommitMs: pp(data.map((d) => d.commitFinishTime - d.timeStamp)),
    commitToPresentedMs: pp(data.map((d) => d.timeStamp + d.duration - d.commitFinishTime)),
    slowest,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = analyzeTrace(process.argv[2], Number(process.argv[3] ?? 8));
  console.log(JSON.stringify(out, null, 1));
}
