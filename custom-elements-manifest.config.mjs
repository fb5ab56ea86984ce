// `npm run analyze`: generates custom-elements.json (the element's public API: attributes, properties,
// methods, events, CSS parts and custom properties) from the JSDoc on src/widget/gpt-chat.ts.
export default {
  globs: ['src/widget/gpt-chat.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
};
