import type { ModuleScope } from '../python/module-scope.js';
import { spanOf, type PyValue, type Span } from '../python/python-values.js';

/**
 * The identifiers Alembic reads from a revision module: `revision`, `down_revision` (None, a string,
 * or a tuple of strings for a merge revision), `branch_labels` and `depends_on`.
 */

export interface RevisionHeader {
  revision?: string;
  downRevisions: string[];
  branchLabels: string[];
  dependsOn: string[];
  /** Where `down_revision` is assigned, for findings about the revision's place in the graph. */
  downRevisionSpan?: Span;
}

export function readRevisionHeader(scope: ModuleScope): RevisionHeader {
  const node = scope.assignments.get('down_revision');
  return {
    revision: strings(scope.values.get('revision'))[0],
    downRevisions: strings(scope.values.get('down_revision')),
    branchLabels: strings(scope.values.get('branch_labels')),
    dependsOn: strings(scope.values.get('depends_on')),
    ...(node ? { downRevisionSpan: spanOf(node) } : {}),
  };
}

function strings(value: PyValue | undefined): string[] {
  if (value?.type === 'str') return [value.value];
  if (value?.type === 'seq') return value.items.flatMap((item) => (item.type === 'str' ? [item.value] : []));
  return [];
}
