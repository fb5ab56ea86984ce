// `import url from './x.ts?worker&url'` (Vite; the test server in web-test-runner.config.mjs): the URL of the
// worker chunk built from x.ts, started by start-worker.ts.
declare module '*?worker&url' {
  const url: string;
  export default url;
}
