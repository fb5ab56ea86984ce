// Files for attachment tests, made in the browser: photos of a given size (PNG or JPEG), text files, a tiny PDF.

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

/** A one-page PDF whose page shows `text` (Helvetica), with a correct xref table. */
export function tinyPdf(text: string, name = 'tiny.pdf'): File {
  const stream = `BT /F1 18 Tf 40 100 Td (${text.replace(/[()\\]/g, '\\$&')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new File([pdf], name, { type: 'application/pdf' });
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
