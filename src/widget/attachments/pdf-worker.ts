// pdfjs-dist's own worker, as a module worker of ours so the bundler emits it as a chunk loaded only with a PDF.
import 'pdfjs-dist/build/pdf.worker.min.mjs';
