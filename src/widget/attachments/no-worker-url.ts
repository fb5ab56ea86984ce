// Stands in for `?worker&url` imports in the all-in-one IIFE build (vite.config.ts): one classic script has no
// module URL to start a worker from, so start-worker.ts refuses and callers do the work without one.
export default '';
