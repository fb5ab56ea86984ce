// Tiny assertions for browser tests (no chai in the dependency tree).
export class AssertionError extends Error {}

function show(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value, null, 0);
  } catch {
    return String(value);
  }
}

export function ok(value: unknown, message = `expected truthy, got ${show(value)}`): asserts value {
  if (!value) throw new AssertionError(message);
}

export function equal<T>(actual: T, expected: T, message?: string): void {
  if (actual !== expected) throw new AssertionError(message ?? `expected ${show(expected)}, got ${show(actual)}`);
}

export function deepEqual(actual: unknown, expected: unknown, message?: string): void {
  if (show(actual) !== show(expected)) {
    throw new AssertionError(message ?? `expected ${show(expected)}, got ${show(actual)}`);
  }
}

export function includes(haystack: string | null | undefined, needle: string, message?: string): void {
  if (!haystack?.includes(needle)) {
    throw new AssertionError(message ?? `expected ${show(haystack)} to include ${show(needle)}`);
  }
}

export function notIncludes(haystack: string | null | undefined, needle: string, message?: string): void {
  if (haystack?.includes(needle)) {
    throw new AssertionError(message ?? `expected ${show(haystack)} not to include ${show(needle)}`);
  }
}
