// Drops trailing slashes with a scan from the end: `/\/+$/` retries at every slash of a run, quadratic in its length.

/** "http://a.example///" → "http://a.example"; linear in the input. */
export function trimTrailingSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 0x2f) end--;
  return end === value.length ? value : value.slice(0, end);
}
