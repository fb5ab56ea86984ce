// One small diagram of each kind Mermaid draws beyond flowcharts and sequences, each with a hostile label, and
// the words its drawing must show (the e2e diagram tests use the same sources).
export interface DiagramCase {
  kind: string;
  source: string;
  /** Text the drawn SVG must contain. */
  shows: string[];
}

const HOSTILE = '<img src=x onerror=alert(1)>';

export const DIAGRAMS: DiagramCase[] = [
  {
    kind: 'class',
    source: `classDiagram\n  class Animal {\n    +String name\n    +eat() void\n  }\n  Animal <|-- Duck : "${HOSTILE}"\n  Duck : +swim()`,
    shows: ['Animal', 'Duck', 'eat'],
  },
  {
    kind: 'state',
    source: `stateDiagram-v2\n  [*] --> Idle\n  Idle --> Busy : start\n  Busy --> Idle : "${HOSTILE}"\n  Busy --> [*]`,
    shows: ['Idle', 'Busy'],
  },
  {
    kind: 'er',
    source: `erDiagram\n  CUSTOMER ||--o{ ORDER : places\n  ORDER ||--|{ LINE_ITEM : "${HOSTILE}"\n  CUSTOMER {\n    string name\n  }`,
    shows: ['CUSTOMER', 'ORDER', 'LINE_ITEM'],
  },
  {
    kind: 'gantt',
    source: `gantt\n  title Plan 计划\n  dateFormat YYYY-MM-DD\n  section Build\n  Design :a1, 2026-01-01, 3d\n  ${HOSTILE} :after a1, 2d`,
    shows: ['Plan 计划', 'Design'],
  },
  {
    kind: 'pie',
    source: `pie title Pets 宠物\n  "Dogs" : 40\n  "Cats" : 35\n  "${HOSTILE}" : 25`,
    shows: ['Pets 宠物', 'Dogs', 'Cats'],
  },
  {
    kind: 'mindmap',
    source: `mindmap\n  root((Ideas 想法))\n    Alpha\n    Beta\n      bad["${HOSTILE}"]`,
    shows: ['Ideas 想法', 'Alpha', 'Beta'],
  },
];

/** Flowcharts and sequences: the kinds in the Mermaid core chunk (the element's tests draw these too). */
export const BASIC_DIAGRAMS: DiagramCase[] = [
  {
    kind: 'flowchart',
    source: `flowchart TD\n  A[Start 开始] --> B{Ready?}\n  B -->|yes| C[Ship]\n  B -->|"${HOSTILE}"| D[Fix]`,
    shows: ['Start 开始', 'Ready?', 'Ship', 'Fix'],
  },
  {
    kind: 'sequence',
    source: `sequenceDiagram\n  Alice->>Bob: Hello 你好\n  Bob-->>Alice: "${HOSTILE}"`,
    shows: ['Alice', 'Bob', 'Hello 你好'],
  },
];

/** A reply with every diagram of DIAGRAMS, each in its own ```mermaid block. */
export const DIAGRAMS_REPLY = DIAGRAMS.map((d) => `${d.kind}:\n\n\`\`\`mermaid\n${d.source}\n\`\`\`\n`).join('\n');
