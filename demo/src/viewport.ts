// Keeps the app inside the visible part of the screen. 100dvh ignores the on-screen keyboard on iOS Safari
// (it overlays the layout viewport), so the app height follows visualViewport instead: the input stays above
// the keyboard on every phone.
export function trackVisualViewport(root: HTMLElement = document.documentElement): () => void {
  const vv = globalThis.visualViewport;
  if (!vv) return () => {};
  let frame = 0;
  const update = () => {
    frame = 0;
    root.style.setProperty('--app-height', `${Math.round(vv.height)}px`);
    // iOS scrolls the layout viewport when the keyboard opens; undo it so the header stays visible.
    if (vv.offsetTop > 0 && document.scrollingElement) document.scrollingElement.scrollTop = 0;
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
