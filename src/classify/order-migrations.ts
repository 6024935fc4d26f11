import { posix } from 'node:path';
import { naturalCompare } from './natural-sort.js';

/**
 * Orders migration files the way their tools apply them: by folder, then by the tool's naming
 * convention within a folder (numeric prefixes and timestamps compared as numbers, Flyway's
 * repeatable `R__` scripts after versioned ones, sqitch by its plan when one is known).
 */

export interface OrderOptions {
  /** Change names from a sqitch.plan, in deployment order. */
  sqitchPlan?: string[];
}

export function compareMigrationPaths(a: string, b: string, options: OrderOptions = {}): number {
  const folderA = migrationFolder(a);
  const folderB = migrationFolder(b);
  if (folderA !== folderB) return naturalCompare(folderA, folderB);
  const planOrder = compareByPlan(a, b, options.sqitchPlan);
  if (planOrder !== 0) return planOrder;
  const flywayOrder = compareFlywayVersions(sortKey(a), sortKey(b));
  if (flywayOrder !== 0) return flywayOrder;
  return naturalCompare(sortKey(a), sortKey(b));
}

const FLYWAY_VERSION = /^V(\d+(?:[._]\d+)*)__/;

/** Flyway compares versions part by part (`V1__` < `V1_9__` < `V1_10__`); 0 unless both names carry one. */
function compareFlywayVersions(a: string, b: string): number {
  const versionA = FLYWAY_VERSION.exec(a)?.[1]?.split(/[._]/).map(Number);
  const versionB = FLYWAY_VERSION.exec(b)?.[1]?.split(/[._]/).map(Number);
  if (!versionA || !versionB) return 0;
  for (let index = 0; index < Math.max(versionA.length, versionB.length); index += 1) {
    const difference = (versionA[index] ?? 0) - (versionB[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

export function orderMigrations<T extends { path: string }>(files: readonly T[], options: OrderOptions = {}): T[] {
  return [...files].sort((a, b) => compareMigrationPaths(a.path, b.path, options));
}

/** Change names in a sqitch.plan, in order (lines that are not comments, pragmas or tags). */
export function parseSqitchPlan(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('%') && !line.startsWith('#') && !line.startsWith('@'))
    .map((line) => line.split(/\s+/)[0]!);
}

/** Prisma keeps one folder per migration: the ordering folder is the parent of that folder. */
function migrationFolder(path: string): string {
  const directory = posix.dirname(path);
  return posix.basename(path) === 'migration.sql' ? posix.dirname(directory) : directory;
}

function sortKey(path: string): string {
  const name = posix.basename(path) === 'migration.sql' ? posix.basename(posix.dirname(path)) : posix.basename(path);
  // Flyway applies repeatable migrations after all versioned ones.
  return /^R__/.test(name) ? `\uffff${name}` : name;
}

function compareByPlan(a: string, b: string, plan: string[] | undefined): number {
  if (!plan) return 0;
  const indexA = plan.indexOf(posix.basename(a).replace(/\.sql$/, ''));
  const indexB = plan.indexOf(posix.basename(b).replace(/\.sql$/, ''));
  if (indexA < 0 || indexB < 0) return 0;
  return indexA - indexB;
}
