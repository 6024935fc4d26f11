/**
 * The graph Alembic builds from `down_revision`: each revision points at its parents (two or more
 * for a merge revision). Heads are revisions nobody names as a parent; `alembic upgrade head`
 * refuses to run when there is more than one, so a change that adds a second head needs a merge.
 */

/** The graph's heads before and after a change, for the multiple-heads rule. */
export interface RevisionGraphFacts {
  /** Heads of the revision graph before the change (base revisions only). */
  headsBefore: readonly string[];
  /** Heads after the change (base and changed revisions). */
  headsAfter: readonly string[];
}

export interface RevisionNode {
  revision: string;
  downRevisions: readonly string[];
}

export class RevisionGraph {
  private readonly nodes = new Map<string, RevisionNode>();

  constructor(nodes: Iterable<RevisionNode>) {
    for (const node of nodes) this.nodes.set(node.revision, node);
  }

  has(revision: string): boolean {
    return this.nodes.has(revision);
  }

  /** Revisions that are no other revision's parent, sorted. */
  heads(): string[] {
    const parents = new Set([...this.nodes.values()].flatMap((node) => node.downRevisions));
    return [...this.nodes.keys()].filter((revision) => !parents.has(revision)).sort();
  }

  /** Revisions that name `revision` as a parent. */
  children(revision: string): string[] {
    return [...this.nodes.values()].filter((node) => node.downRevisions.includes(revision)).map((node) => node.revision);
  }

  /**
   * Every revision after all of its parents (Kahn's algorithm). Among revisions whose parents are
   * all placed, the one `tieBreak` puts first goes first, so the order is stable. Revisions on a
   * cycle, which Alembic would reject, come last in tie-break order.
   */
  topologicalOrder(tieBreak: (a: string, b: string) => number = (a, b) => a.localeCompare(b)): string[] {
    const waiting = new Map<string, number>();
    for (const node of this.nodes.values())
      waiting.set(node.revision, node.downRevisions.filter((parent) => this.nodes.has(parent)).length);
    const ready = [...waiting].filter(([, count]) => count === 0).map(([revision]) => revision);
    const order: string[] = [];
    while (ready.length > 0) {
      ready.sort(tieBreak);
      const next = ready.shift()!;
      order.push(next);
      for (const child of this.children(next)) {
        const count = waiting.get(child)! - 1;
        waiting.set(child, count);
        if (count === 0) ready.push(child);
      }
    }
    const placed = new Set(order);
    return [...order, ...[...this.nodes.keys()].filter((revision) => !placed.has(revision)).sort(tieBreak)];
  }
}
