// A PDF's text, extracted by pdfjs-dist (loaded only when a PDF is attached; parsing runs in its worker).
// Pages are joined with a blank line; a line break is kept where pdfjs reports one.

import { startModuleWorker } from './start-worker.js';
import pdfWorkerUrl from './pdf-worker.ts?worker&url';

export async function pdfText(data: ArrayBuffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist');
  const port = (pdfjs.GlobalWorkerOptions.workerPort ??= startModuleWorker(pdfWorkerUrl));
  // A worker that cannot start (a page whose CSP forbids blob: workers) would leave pdfjs waiting: refuse the PDF.
  const failed = new Promise<never>((_, reject) =>
    port.addEventListener('error', () => reject(new Error('the PDF worker could not start')), { once: true }),
  );
  failed.catch(() => {
    if (pdfjs.GlobalWorkerOptions.workerPort === port) pdfjs.GlobalWorkerOptions.workerPort = null;
  });
  const document = await Promise.race([pdfjs.getDocument({ data, isEvalSupported: false }).promise, failed]);
  try {
    const pages: string[] = [];
    for (let n = 1; n <= document.numPages; n++) {
      const page = await document.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : '');
      }
      pages.push(text.trim());
      page.cleanup();
    }
    return pages.filter(Boolean).join('\n\n');
  } finally {
    await document.destroy();
  }
}
