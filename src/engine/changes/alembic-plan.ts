import { planAlembicRevisions, type RevisionGraphFacts } from '../../parse/alembic/index.js';
import { loadPythonParser } from '../../parse/python/python-parser.js';
import type { FileKind } from '../../review-types/index.js';
import type { KindedBaseFile } from '../base/read-base.js';

/**
 * Step 3 of review(), for Alembic revisions: loads the Python parser (only when the change
 * has Python files), orders the changed revisions by the revision graph (the base's revisions
 * included) and states the graph's heads before and after the change for the multiple-heads rule.
 */

export interface AlembicPlan<T> {
  /** The change's Alembic revisions in upgrade order. */
  ordered: T[];
  graph: RevisionGraphFacts;
}

export async function planAlembic<T extends { path: string; content?: string; kind: FileKind }>(
  files: readonly T[],
  baseFiles: readonly KindedBaseFile[],
): Promise<AlembicPlan<T> | undefined> {
  if (!files.some((file) => file.path.endsWith('.py'))) return undefined;
  await loadPythonParser();
  const revisions = files.filter((file) => file.kind === 'alembic');
  const base = baseFiles.filter((file) => file.kind === 'alembic');
  return planAlembicRevisions(revisions, base);
}
