// Module shapes the bundler provides: `?raw` imports a file's text (Vite; the test server in
// web-test-runner.config.mjs), and Mermaid's self-contained ES build has the types of its package entry.
declare module '*?raw' {
  const text: string;
  export default text;
}

declare module 'mermaid/dist/mermaid.esm.min.mjs' {
  import mermaid from 'mermaid';
  export default mermaid;
}
