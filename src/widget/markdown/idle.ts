// Runs warm-up steps in idle periods, as many per period as fit, so no step makes a long task of its own
// (used for the Markdown pipeline's first-use costs, warm-up.ts, and KaTeX's, katex-chunk.ts).

/**
 * Start another step in the same idle period only while this much of it is left, so that a cold step never
 * stretches a period (≤ 50 ms) into a long task.
 */
const STEP_BUDGET_MS = 40;

/** Runs the steps in idle periods (where requestIdleCallback is missing, e.g. Safari, one per 50 ms timer). */
export function runWhenIdle(steps: Array<() => void>): Promise<void> {
  return new Promise((resolve) => {
    let next = 0;
    const period = (deadline?: IdleDeadline) => {
      do {
        try {
          steps[next++]!();
        } catch {
          // A warm-up that fails costs nothing but the warm-up.
        }
      } while (next < steps.length && deadline && deadline.timeRemaining() > STEP_BUDGET_MS);
      if (next < steps.length) schedule();
      else resolve();
    };
    const schedule = () => {
      if (typeof requestIdleCallback === 'function') requestIdleCallback(period, { timeout: 2000 });
      else setTimeout(period, 50);
    };
    if (!steps.length) resolve();
    else schedule();
  });
}
