// Stands in for pdfjs-dist in the all-in-one IIFE build (vite.config.ts): a PDF is then refused as unreadable.
export const GlobalWorkerOptions: { workerPort?: Worker } = {};
export function getDocument(): never {
  throw new Error('PDF reading needs the ES module build of gpt-chat');
}
