// Main-thread side of image preparation: one lazily started module worker (image-worker.ts, its own chunk)
// does the decoding, scaling and encoding; this only posts Blobs and waits. Without OffscreenCanvas in workers
// (Safari before 16.4) the same steps run here, with a canvas, as a fallback.
import { IMAGE_MAX_BYTES, IMAGE_MAX_SIDE } from './limits.js';
import { startModuleWorker } from './start-worker.js';
import imageWorkerUrl from './image-worker.ts?worker&url';

export interface ResizedImage {
  blob: Blob;
  width: number;
  height: number;
}

type Reply = { id: number; blob: Blob; width: number; height: number } | { id: number; error: string };

let worker: Worker | null = null;
let seq = 0;
const waiting = new Map<number, { blob: Blob; resolve(r: ResizedImage): void; reject(e: Error): void }>();
/** The worker could not start (its file did not load): everything runs here from then on. */
let workerFailed = false;

function startWorker(): Worker {
  worker ??= startModuleWorker(imageWorkerUrl);
  worker.onmessage = (event: MessageEvent<Reply>) => {
    const reply = event.data;
    const job = waiting.get(reply.id);
    waiting.delete(reply.id);
    if ('error' in reply) job?.reject(new Error(reply.error));
    else job?.resolve(reply);
  };
  // The worker did not start (its chunk failed to load, a CSP without blob: workers) or broke: main thread.
  worker.onerror = () => {
    workerFailed = true;
    worker?.terminate();
    worker = null;
    for (const job of waiting.values()) resizeOnMainThread(job.blob).then(job.resolve, job.reject);
    waiting.clear();
  };
  return worker;
}

const workerCanEncode = typeof OffscreenCanvas !== 'undefined' && 'convertToBlob' in OffscreenCanvas.prototype;

/** Resizes `blob` to at most IMAGE_MAX_SIDE on its long side, re-encoded as JPEG under IMAGE_MAX_BYTES. */
export function resizeImage(blob: Blob): Promise<ResizedImage> {
  if (!workerCanEncode || workerFailed) return resizeOnMainThread(blob);
  let started: Worker;
  try {
    started = startWorker();
  } catch {
    // The all-in-one IIFE build has no module URL to start a worker from: the fallback does the work here.
    return resizeOnMainThread(blob);
  }
  const id = ++seq;
  return new Promise((resolve, reject) => {
    waiting.set(id, { blob, resolve, reject });
    started.postMessage({ id, blob, maxSide: IMAGE_MAX_SIDE, maxBytes: IMAGE_MAX_BYTES });
  });
}

/** The same steps on the main thread (the fallback; also the benchmark's baseline). */
export async function resizeOnMainThread(blob: Blob): Promise<ResizedImage> {
  const bitmap = await createImageBitmap(blob);
  const scale = Math.min(1, IMAGE_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const quality of [0.85, 0.7, 0.55, 0.4]) {
    const out = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', quality));
    if (out && (out.size <= IMAGE_MAX_BYTES || quality === 0.4)) {
      return { blob: out, width: canvas.width, height: canvas.height };
    }
  }
  throw new Error('could not encode the image');
}
