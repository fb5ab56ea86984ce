// Pathological Markdown (marked's known super-linear and deep-recursion inputs), shared by the browser test
// (served by redos-server.mjs) and bench scripts. Sizes are what a model could plausibly emit in one reply.
export const REDOS_INPUTS = {
  'emphasis: "*" x 50000': '*'.repeat(50000),
  'emphasis: "_" x 50000': '_'.repeat(50000),
  'emphasis: "a_" x 20000': 'a_'.repeat(20000),
  'emphasis: "*a" x 20000': '*a'.repeat(20000),
  'emphasis: "**_" x 15000': '**_'.repeat(15000),
  // The costliest emphasis shapes per unit of the guard's work measure (guard.ts, MAX_EMPHASIS_WORK): while
  // streaming, every state just under the limit is rendered.
  'emphasis: "a_*" x 15000': 'a_*'.repeat(15000),
  'emphasis: "*a " x 700 + "*" x 700': '*a '.repeat(700) + '*'.repeat(700),
  // Openers that never close: the streaming display repair (repair.ts) once searched its open-span stack per
  // delimiter (quadratic: 1.0 s per frame), and a long `*` run inside the growing text hit a quadratic
  // `/[*~]+$/` (0.9 s per frame).
  'emphasis: "*a " x 20000': '*a '.repeat(20000),
  'runs: ("x" + "*" x 10000) x 5': ('x' + '*'.repeat(10000)).repeat(5) + 'x',
  'links: "[" x 20000': '['.repeat(20000),
  'links: "[a](" x 10000': '[a]('.repeat(10000),
  'links: "![" x 20000': '!['.repeat(20000),
  'links: ref defs "[a]: <" x 10000': '[a]: <'.repeat(10000),
  'nesting: ">" x 5000': '>'.repeat(5000) + ' x',
  'nesting: "> " x 5000': '> '.repeat(5000) + 'x',
  'nesting: list 200 deep': Array.from({ length: 200 }, (_, i) => ' '.repeat(i * 2) + '- x').join('\n'),
  'table: 5000 columns': '|' + 'a|'.repeat(5000) + '\n|' + '-|'.repeat(5000) + '\n|' + 'b|'.repeat(5000),
  'table: 3000 rows': '|a|b|\n|-|-|\n' + '|x|y|\n'.repeat(3000),
  'code spans: "`a" x 20000': '`a'.repeat(20000),
  'html: "<" x 50000': '<'.repeat(50000),
  'html: "<a" x 20000': '<a'.repeat(20000),
  'autolinks: "a@" x 20000': 'a@'.repeat(20000),
  'escapes: "\\\\" x 50000': '\\'.repeat(50000),
  // Formula openers that never close (math-scan.ts): each search for a closer is capped, and a paragraph known to
  // hold no closer is not searched again per opener.
  'math: "\\(" x 25000': '\\('.repeat(25000),
  'math: "\\[x" x 15000': '\\[x'.repeat(15000),
  'math: "$$a" x 15000': '$$a'.repeat(15000),
  'math: "$a " x 15000': '$a '.repeat(15000),
  'math: "$" x 50000': '$'.repeat(50000),
  'math: "$$\\n" block openers x 10000': '$$\n'.repeat(10000),
};
