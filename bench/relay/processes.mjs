// Child processes of a bench run: every one is killed when the bench exits (even on a thrown error), and their
// start-up lines ("listening on …", a JSON port) are awaited with a timeout that says what did not start.

const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Registers `child` to be killed when the bench process exits. */
export function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Resolves with the first match of `pattern` in what `stream` prints; rejects after `timeoutMs`. */
export function waitForLine(stream, pattern, what, timeoutMs = 20_000) {
  return new Promise((resolveLine, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${text}`)), timeoutMs);
    stream.setEncoding('utf8');
    stream.on('data', function onData(chunk) {
      text += chunk;
      const match = pattern.exec(text);
      if (match) {
        clearTimeout(timer);
        stream.off('data', onData);
        stream.resume();
        resolveLine(match);
      }
    });
  });
}
