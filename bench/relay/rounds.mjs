// Per-round statistics for bench/relay.mjs: a guard is judged on the median of per-round comparisons (each relay
// round against the bare-proxy round next to it), with a distribution-free 95 % confidence interval for that
// median, so a run says "holds", "fails" or "undecided" instead of one pooled figure that drifts with the load.

/** Median of numbers (the mean of the two middle values for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2). */
function binomialCdfHalf(k, n) {
  let term = 0.5 ** n; // P(X = 0)
  let total = 0;
  for (let i = 0; i <= k; i++) {
    total += term;
    term *= (n - i) / (i + 1);
  }
  return total;
}

/**
 * 95 % confidence interval for the median from order statistics (sign test): [x(k), x(n-k+1)] with the largest k
 * such that P(Binomial(n, 1/2) ≤ k-1) ≤ 2.5 %. Null when there are too few values (n < 6) for any interval.
 */
export function medianInterval(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  let k = 0;
  while (k + 1 <= n && binomialCdfHalf(k, n) <= 0.025) k++;
  if (k === 0) return null;
  return { low: sorted[k - 1], high: sorted[n - k], coverage: 1 - 2 * binomialCdfHalf(k - 1, n) };
}

/**
 * Summary of per-round values against an upper limit: holds when the whole interval is at or under the limit,
 * fails when the whole interval is over it, undecided otherwise (the run cannot tell; more rounds or less load).
 */
export function judge(values, limit) {
  const interval = medianInterval(values);
  const verdict = !interval
    ? 'undecided'
    : interval.high <= limit
      ? 'holds'
      : interval.low > limit
        ? 'fails'
        : 'undecided';
  return {
    n: values.length,
    median: median(values),
    interval,
    min: Math.min(...values),
    max: Math.max(...values),
    limit,
    verdict,
    values,
  };
}
