// Files for attachment tests, made in the browser: photos of a given size (PNG or JPEG), text files, a tiny PDF.
import { tinyPdfSource } from '../../support/tiny-pdf.js';

/** A `width`×`height` image with a gradient and some noise (so the encoder has work), as a File. */
export async function photo(width: number, height: number, type = 'image/jpeg', name = 'photo.jpg'): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  const gradient = ctx.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, '#3a7bd5');
  gradient.addColorStop(1, '#f2c14e');
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, width, height);
  for (let i = 0; i < 400; i++) {
    ctx.fillStyle = `hsl(${(i * 37) % 360} 70% 50% / 0.5)`;
    ctx.fillRect((i * 7919) % width, (i * 104729) % height, 40 + (i % 90), 30 + (i % 70));
  }
  const blob = await canvas.convertToBlob({ type, quality: 0.95 });
  return new File([blob], name, { type });
}

export function textFile(name: string, text: string, type = 'text/plain'): File {
  return new File([text], name, { type });
}

/** A one-page PDF whose page shows `text` (Helvetica), as a File. */
export function tinyPdf(text: string, name = 'tiny.pdf'): File {
  return new File([tinyPdfSource(text)], name, { type: 'application/pdf' });
}

/** The pixel size of an image data URL, decoded by the browser. */
export async function imageSize(dataUrl: string): Promise<{ width: number; height: number }> {
  const blob = await (await fetch(dataUrl)).blob();
  const bitmap = await createImageBitmap(blob);
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return size;
}

/** A DataTransfer holding `files` (for paste, drop and an <input type=file>). */
export function transfer(files: File[]): DataTransfer {
  const dt = new DataTransfer();
  for (const file of files) dt.items.add(file);
  return dt;
}
