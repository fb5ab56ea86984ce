// In-page half of bench/image.mjs: makes a 12-megapixel JPEG (4000×3000, not timed), then prepares it for sending
// the way <gpt-chat> does (resize-image.ts: module worker) and, as the baseline, with the same steps on the main
// thread — recording wall time and every long task (> 50 ms) on the main thread during each run.
import { resizeImage, resizeOnMainThread } from '../src/widget/attachments/resize-image.js';

async function makePhoto(): Promise<Blob> {
  const canvas = new OffscreenCanvas(4000, 3000);
  const ctx = canvas.getContext('2d')!;
  const gradient = ctx.createLinearGradient(0, 0, 4000, 3000);
  gradient.addColorStop(0, '#3a7bd5');
  gradient.addColorStop(1, '#f2c14e');
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, 4000, 3000);
  // Detail everywhere, as a photo has: JPEG of flat colour would be unrealistically cheap to decode and encode.
  for (let i = 0; i < 6000; i++) {
    ctx.fillStyle = `hsl(${(i * 37) % 360} 60% ${30 + (i % 40)}% / 0.6)`;
    ctx.fillRect((i * 7919) % 4000, (i * 104729) % 3000, 10 + (i % 120), 8 + (i % 90));
  }
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
}

async function measure(run: () => Promise<{ width: number; height: number; blob: Blob }>) {
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  const start = performance.now();
  const out = await run();
  const wallMs = performance.now() - start;
  // Long-task entries arrive after the task: give them a frame to be delivered.
  await new Promise((r) => setTimeout(r, 100));
  observer.disconnect();
  return { wallMs, longTasks, width: out.width, height: out.height, bytes: out.blob.size };
}

declare global {
  interface Window {
    imageBench?: { run(iterations: number): Promise<unknown> };
  }
}

window.imageBench = {
  async run(iterations: number) {
    const photo = await makePhoto();
    await resizeImage(photo); // starts the worker and warms the decoder (its cost is not the steady state)
    const worker = [];
    const main = [];
    for (let i = 0; i < iterations; i++) {
      worker.push(await measure(() => resizeImage(photo)));
      main.push(await measure(() => resizeOnMainThread(photo)));
    }
    return { photoBytes: photo.size, worker, main };
  },
};
