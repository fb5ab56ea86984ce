// The versions of a conversation: a tree of message nodes (parent, children, chosen child). Regenerate and
// edit-and-resend add a sibling instead of overwriting; the conversation shown — and sent upstream — is the
// path through the chosen children. A flat message list is the tree with one child per node.

/** The stored form: every node with its parent, in insertion order (children keep that order). */
export interface StoredTree<M extends { id: string } = { id: string; role: string; content: string }> {
  nodes: Array<{ message: M; parent: string | null; chosen?: string }>;
  /** The chosen first message (several when the first message was edited). */
  chosenRoot?: string;
}

interface Node<M> {
  message: M;
  parent: string | null;
  children: string[];
  chosen: string | null;
}

/** Where one message sits among its versions: 1-based index, count, and the ids before/after it. */
export interface Versions {
  index: number;
  count: number;
  previous: string | null;
  next: string | null;
}

const ROOT = '';

export class MessageTree<M extends { id: string }> {
  private readonly nodes = new Map<string, Node<M>>();

  constructor() {
    this.nodes.set(ROOT, { message: null as unknown as M, parent: null, children: [], chosen: null });
  }

  /** A tree holding `messages` as one line (an old flat conversation). */
  static fromPath<M extends { id: string }>(messages: readonly M[]): MessageTree<M> {
    const tree = new MessageTree<M>();
    let parent: string | null = null;
    for (const m of messages) {
      if (tree.nodes.has(m.id)) continue;
      tree.add(parent, m);
      parent = m.id;
    }
    return tree;
  }

  /**
   * The tree from its stored form, or null when it is malformed (unknown parent, cycle, duplicate id) — callers
   * then fall back to the flat path. `accept` filters and normalizes each stored message.
   */
  static fromStored<M extends { id: string }>(
    stored: unknown,
    accept: (message: unknown) => M | null,
  ): MessageTree<M> | null {
    if (!stored || typeof stored !== 'object' || !Array.isArray((stored as StoredTree).nodes)) return null;
    const s = stored as StoredTree<M>;
    const tree = new MessageTree<M>();
    const chosen: Array<[string, string]> = [];
    for (const node of s.nodes) {
      const message = node && typeof node === 'object' ? accept(node.message) : null;
      if (!message || tree.nodes.has(message.id)) return null;
      const parent = node.parent ?? null;
      // Parents come before their children, so an unknown parent also rules out cycles.
      if (parent !== null && (typeof parent !== 'string' || !tree.nodes.has(parent) || parent === ROOT)) return null;
      tree.add(parent, message);
      if (typeof node.chosen === 'string') chosen.push([message.id, node.chosen]);
    }
    // add() chose the newest child everywhere: put back the stored choices.
    for (const [id, child] of chosen) if (tree.nodes.get(child)?.parent === id) tree.nodes.get(id)!.chosen = child;
    const root = s.chosenRoot;
    if (typeof root === 'string' && tree.nodes.get(root)?.parent === null && root !== ROOT)
      tree.nodes.get(ROOT)!.chosen = root;
    return tree;
  }

  /** The stored form (plain JSON). */
  toStored(): StoredTree<M> {
    const nodes: StoredTree<M>['nodes'] = [];
    for (const [id, node] of this.nodes) {
      if (id === ROOT) continue;
      nodes.push({ message: node.message, parent: node.parent, ...(node.chosen ? { chosen: node.chosen } : {}) });
    }
    const chosenRoot = this.nodes.get(ROOT)!.chosen;
    return chosenRoot ? { nodes, chosenRoot } : { nodes };
  }

  /** True when some message has another version (else the flat path says it all). */
  get branched(): boolean {
    for (const node of this.nodes.values()) if (node.children.length > 1) return true;
    return false;
  }

  /** The conversation shown: from the chosen first message along the chosen children. */
  path(): M[] {
    const out: M[] = [];
    for (let id = this.nodes.get(ROOT)!.chosen; id; id = this.nodes.get(id)!.chosen)
      out.push(this.nodes.get(id)!.message);
    return out;
  }

  /** Adds `message` as the newest child of `parent` (null: a first message) and shows it. */
  add(parent: string | null, message: M): void {
    const p = this.nodes.get(parent ?? ROOT);
    if (!p || this.nodes.has(message.id)) throw new Error('bad tree insert');
    this.nodes.set(message.id, { message, parent, children: [], chosen: null });
    p.children.push(message.id);
    p.chosen = message.id;
  }

  /** The parent id of a message (null for a first message, undefined when unknown). */
  parentOf(id: string): string | null | undefined {
    return this.nodes.get(id)?.parent;
  }

  /** Removes a message that has no children (a reply that never came); its parent shows its newest remaining child. */
  removeLeaf(id: string): void {
    const node = this.nodes.get(id);
    if (!node || node.children.length || id === ROOT) return;
    this.nodes.delete(id);
    const p = this.nodes.get(node.parent ?? ROOT)!;
    p.children = p.children.filter((c) => c !== id);
    if (p.chosen === id) p.chosen = p.children.at(-1) ?? null;
  }

  /** Shows version `id` of its turn (the path below it follows that version's own chosen children). */
  choose(id: string): void {
    const node = this.nodes.get(id);
    if (!node || id === ROOT) return;
    this.nodes.get(node.parent ?? ROOT)!.chosen = id;
  }

  /** Where `id` sits among its versions. */
  versions(id: string): Versions {
    const node = this.nodes.get(id);
    const siblings = node ? this.nodes.get(node.parent ?? ROOT)!.children : [id];
    const i = Math.max(0, siblings.indexOf(id));
    return { index: i + 1, count: siblings.length, previous: siblings[i - 1] ?? null, next: siblings[i + 1] ?? null };
  }
}
