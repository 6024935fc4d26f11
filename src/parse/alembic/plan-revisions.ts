import type { RevisionGraphFacts } from './revision-graph.js';
import { readRevisionHeaderOf } from './read-revision.js';
import { RevisionGraph, type RevisionNode } from './revision-graph.js';

/**
 * Puts a change's Alembic revisions in the order `alembic upgrade` runs them (parents before
 * children, following down_revision through branches and merges, with the base's revisions as
 * context), and states the graph's heads before and after the change. Files whose revision id
 * cannot be read keep their path order, after the others. Needs loadPythonParser() awaited.
 */

export interface RevisionFile {
  path: string;
  content?: string;
}

export interface RevisionPlan<T> {
  ordered: T[];
  graph: RevisionGraphFacts;
}

const collator = new Intl.Collator('en', { numeric: true });

export function planAlembicRevisions<T extends RevisionFile>(changed: readonly T[], base: readonly RevisionFile[]): RevisionPlan<T> {
  const changedNodes = changed.map((file) => ({ file, node: nodeOf(file) }));
  const baseNodes = base.map(nodeOf).filter((node): node is RevisionNode & { path: string } => !!node);
  const changedIds = new Set(changedNodes.flatMap(({ node }) => (node ? [node.revision] : [])));
  const before = new RevisionGraph(baseNodes.filter((node) => !changedIds.has(node.revision)));
  const after = new RevisionGraph([
    ...baseNodes.filter((node) => !changedIds.has(node.revision)),
    ...changedNodes.flatMap(({ node }) => (node ? [node] : [])),
  ]);
  const pathOf = new Map(changedNodes.flatMap(({ file, node }) => (node ? [[node.revision, file.path] as const] : [])));
  const order = after.topologicalOrder((a, b) => collator.compare(pathOf.get(a) ?? a, pathOf.get(b) ?? b));
  const position = new Map(order.map((revision, index) => [revision, index]));
  const ranked = changedNodes.filter(({ node }) => node).sort((a, b) => position.get(a.node!.revision)! - position.get(b.node!.revision)!);
  const unknown = changedNodes.filter(({ node }) => !node).sort((a, b) => collator.compare(a.file.path, b.file.path));
  return { ordered: [...ranked, ...unknown].map(({ file }) => file), graph: { headsBefore: before.heads(), headsAfter: after.heads() } };
}

function nodeOf(file: RevisionFile): (RevisionNode & { path: string }) | undefined {
  if (file.content === undefined) return undefined;
  const header = readRevisionHeaderOf(file.content);
  return header.revision ? { revision: header.revision, downRevisions: header.downRevisions, path: file.path } : undefined;
}
