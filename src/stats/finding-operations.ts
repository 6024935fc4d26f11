import type { Operation } from './estimate-model.js';

/**
 * What each rule's finding is about, for the stats stage: an operation whose duration grows with
 * the table (estimated), a lock that is brief on a small table but queues traffic on a busy one
 * (`lock`), or data and code concerns where only the size is informative (`size`: the verdict stands
 * whatever the size, a 40-row table dropped is still data lost). Rules not listed are not table-sized.
 */
export type FindingConcern = Operation | 'lock' | 'size';

export const FINDING_CONCERNS: Readonly<Record<string, FindingConcern>> = {
  'create-index-non-concurrently': 'index-build',
  'add-unique-constraint': 'index-build',
  'add-primary-key': 'index-build',
  'add-exclusion-constraint': 'index-build',
  'partitioned-table-index': 'index-build',
  'reindex-non-concurrently': 'index-build',
  'add-column-volatile-default': 'rewrite',
  'add-column-rewrite': 'rewrite',
  'alter-column-type': 'rewrite',
  'table-rewrite-command': 'rewrite',
  'dry-run-rewrite': 'rewrite',
  'set-not-null': 'validating-scan',
  'add-check-validates': 'validating-scan',
  'validate-in-same-transaction': 'validating-scan',
  'add-foreign-key-validates': 'foreign-key-validation',
  'backfill-in-migration': 'backfill',
  'drop-index-non-concurrently': 'lock',
  'detach-partition-non-concurrently': 'lock',
  'lock-table': 'lock',
  'work-after-access-exclusive': 'lock',
  'drop-table': 'size',
  'drop-column': 'size',
  truncate: 'size',
  'delete-without-where': 'size',
  'rename-column': 'size',
  'rename-relation': 'size',
};

/** Words for the operation in a message ("the index build is estimated at …"). */
export const OPERATION_WORDS: Readonly<Record<Operation, string>> = {
  'index-build': 'the index build',
  rewrite: 'the table rewrite',
  'validating-scan': 'the validating scan',
  'foreign-key-validation': 'the foreign key validation',
  backfill: 'the backfill, if it touches every row,',
};
