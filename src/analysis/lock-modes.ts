import type { LockMode } from '../review-types/index.js';

/** PostgreSQL's table lock modes from weakest to strongest. */
export const LOCK_ORDER: readonly LockMode[] = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
];

/** What each mode stops other sessions from doing (PostgreSQL docs, "Table-Level Locks"). */
const BLOCKS: Record<LockMode, string> = {
  'ACCESS SHARE': 'only ACCESS EXCLUSIVE (DDL that rewrites or drops)',
  'ROW SHARE': 'EXCLUSIVE and ACCESS EXCLUSIVE locks',
  'ROW EXCLUSIVE': 'DDL and index builds; reads and writes continue',
  'SHARE UPDATE EXCLUSIVE': 'other DDL, VACUUM and concurrent index builds; reads and writes continue',
  SHARE: 'writes (INSERT, UPDATE, DELETE); reads continue',
  'SHARE ROW EXCLUSIVE': 'writes (INSERT, UPDATE, DELETE); reads continue',
  EXCLUSIVE: 'writes; only plain reads continue',
  'ACCESS EXCLUSIVE': 'all reads and writes',
};

export function lockBlocks(mode: LockMode): string {
  return BLOCKS[mode];
}

export function strongerLock(a: LockMode, b: LockMode): LockMode {
  return LOCK_ORDER.indexOf(a) >= LOCK_ORDER.indexOf(b) ? a : b;
}

/** True for modes that stop writes (SHARE and stronger), the ones that cause visible downtime. */
export function blocksWrites(mode: LockMode): boolean {
  return LOCK_ORDER.indexOf(mode) >= LOCK_ORDER.indexOf('SHARE');
}

export function parseLockMode(text: string): LockMode | undefined {
  const normalised = text.trim().toUpperCase().replace(/\s+/g, ' ') as LockMode;
  return LOCK_ORDER.includes(normalised) ? normalised : undefined;
}
