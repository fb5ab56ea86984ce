// Comma-separated settings ("a, b,,c" → ["a","b","c"]) split by one scan: a 64 KB run of commas allocates nothing.

/** The trimmed, non-empty items of a comma-separated list. */
export function splitList(value: string): string[] {
  const items: string[] = [];
  let start = 0;
  while (start <= value.length) {
    let end = value.indexOf(',', start);
    if (end === -1) end = value.length;
    if (end > start) {
      const item = value.slice(start, end).trim();
      if (item !== '') items.push(item);
    }
    start = end + 1;
  }
  return items;
}
