// Module worker: resizes one image to at most IMAGE_MAX_SIDE on its long side and re-encodes it as JPEG under
// IMAGE_MAX_BYTES, off the main thread (decode, scale and encode of a 12 MP photo take hundreds of ms).
// Message in: { id, blob, maxSide, maxBytes }. Out: { id, blob, width, height } or { id, error }.

interface Job {
  id: number;
  blob: Blob;
  maxSide: number;
  maxBytes: number;
}

const QUALITIES = [0.85, 0.75, 0.65, 0.5];

async function resize(job: Job): Promise<{ blob: Blob; width: number; height: number }> {
  const bitmap = await createImageBitmap(job.blob);
  let scale = Math.min(1, job.maxSide / Math.max(bitmap.width, bitmap.height));
  try {
    for (;;) {
      const width = Math.max(1, Math.round(bitmap.width * scale));
      const height = Math.max(1, Math.round(bitmap.height * scale));
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d')!;
      // JPEG has no alpha: transparent pixels become white, not black.
      context.fillStyle = '#fff';
      context.fillRect(0, 0, width, height);
      context.imageSmoothingQuality = 'high';
      context.drawImage(bitmap, 0, 0, width, height);
      for (const quality of QUALITIES) {
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
        if (blob.size <= job.maxBytes) return { blob, width, height };
      }
      scale *= 0.75;
    }
  } finally {
    bitmap.close();
  }
}

self.onmessage = async (event: MessageEvent<Job>) => {
  const job = event.data;
  try {
    const result = await resize(job);
    self.postMessage({ id: job.id, ...result });
  } catch (error) {
    self.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
};
