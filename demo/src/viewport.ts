// Keeps the app inside the visible part of the screen. 100dvh ignores the on-screen keyboard on iOS Safari
// (it overlays the layout viewport and may scroll it), so the app's height and top follow visualViewport:
// the input stays just above the keyboard on every phone. Chrome on Android resizes the layout viewport
// itself (interactive-widget=resizes-content in index.html), where this is a no-op.
export function trackVisualViewport(root: HTMLElement = document.documentElement): () => void {
  const vv = globalThis.visualViewport;
  if (!vv) return () => {};
  let frame = 0;
  const update = () => {
    frame = 0;
    root.style.setProperty('--app-height', `${Math.round(vv.height)}px`);
    root.style.setProperty('--app-top', `${Math.max(0, Math.round(vv.offsetTop))}px`);
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(update);
  };
  update();
  vv.addEventListener('resize', schedule);
  vv.addEventListener('scroll', schedule);
  return () => {
    vv.removeEventListener('resize', schedule);
    vv.removeEventListener('scroll', schedule);
    if (frame) cancelAnimationFrame(frame);
  };
}
