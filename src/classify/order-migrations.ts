import { posix } from 'node:path';
import { parseGnumedBootstrap } from './gnumed-bootstrap.js';
import { naturalCompare } from './natural-sort.js';

/**
 * Orders migration files the way their tools apply them: by folder, then by the tool's naming
 * convention within a folder (numeric prefixes and timestamps compared as numbers, Flyway's
 * repeatable `R__` scripts after versioned ones). Some tools keep the order in a file of its own
 * instead (sqitch and pgpm plans, LedgerSMB's LOADORDER, GNUmed's bootstrap configs): when that
 * file is known (declaredOrder), the files it names follow it.
 */

export interface OrderOptions {
  /** Change names from a sqitch or pgpm plan, in deployment order (a change's script is `deploy/<name>.sql`). */
  sqitchPlan?: string[];
  /** Paths in the order a tool applies them, one list per order file (see declaredOrder). */
  listedOrders?: string[][];
}

export function compareMigrationPaths(a: string, b: string): number {
  const folderA = migrationFolder(a);
  const folderB = migrationFolder(b);
  if (folderA !== folderB) return naturalCompare(folderA, folderB);
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
  let ordered = [...files].sort((a, b) => compareMigrationPaths(a.path, b.path));
  if (options.sqitchPlan) ordered = followList(ordered, options.sqitchPlan, sqitchChangeName);
  for (const list of options.listedOrders ?? []) ordered = followList(ordered, list, (path) => path);
  return ordered;
}

/**
 * Puts the files a list names in the list's order, in the places they hold in the natural order;
 * the files it does not name (a script added without its entry, another tool's files) keep their
 * places. A plan or LOADORDER may cross folders, so the list decides between folders too. An entry
 * listed twice counts where it is listed last: sqitch lists a reworked change again, and its
 * deploy script is the latest version.
 */
function followList<T extends { path: string }>(
  ordered: readonly T[],
  list: readonly string[],
  key: (path: string) => string | undefined,
): T[] {
  const rank = new Map(list.map((entry, index) => [entry, index]));
  const rankOf = (file: T): number | undefined => {
    const entry = key(file.path);
    return entry === undefined ? undefined : rank.get(entry);
  };
  const listed = ordered.filter((file) => rankOf(file) !== undefined).sort((a, b) => rankOf(a)! - rankOf(b)!);
  let next = 0;
  return ordered.map((file) => (rankOf(file) === undefined ? file : listed[next++]!));
}

/** `db/deploy/schemas/app/table.sql` → `schemas/app/table`: pgpm (a sqitch fork) nests change names in folders. */
function sqitchChangeName(path: string): string | undefined {
  return /(?:^|\/)deploy\/(.+)\.sql$/.exec(path)?.[1];
}

/** Change names in a sqitch.plan (or pgpm.plan), in order (lines that are not comments, pragmas or tags). */
export function parseSqitchPlan(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('%') && !line.startsWith('#') && !line.startsWith('@'))
    .map((line) => line.split(/\s+/)[0]!);
}

/**
 * Paths a LedgerSMB LOADORDER file lists, relative to its folder, in the order LedgerSMB applies
 * them. `#` starts a comment; a leading `!` marks a change whose errors are ignored, which still runs.
 */
export function parseLoadOrder(text: string): string[] {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/#.*$/, '')
        .trim()
        .replace(/^!+\s*/, ''),
    )
    .filter(Boolean);
}

/** Order files found by their name alone, next to the migrations they order or above them. */
export const ORDER_FILE_NAMES = ['sqitch.plan', 'pgpm.plan', 'LOADORDER'] as const;

/** Files that hold a tool's apply order: sqitch/pgpm plans, LedgerSMB's LOADORDER, GNUmed bootstrap configs. */
export function isOrderFile(path: string): boolean {
  return /(^|\/)(sqitch\.plan|pgpm\.plan|LOADORDER|bootstrap\/[^/]+\.conf)$/.test(path.replace(/\\/g, '/'));
}

/**
 * The apply orders that the order files among `files` declare, as paths for orderMigrations. A
 * path's first file wins, so pass a change's own files before the base's: a plan the change edits
 * names the changes it adds. Lists are applied in path order, so the result does not depend on
 * the order the files were collected in.
 */
export function declaredOrder(files: readonly { path: string; content?: string }[]): OrderOptions {
  const seen = new Set<string>();
  const lists: { path: string; paths: string[] }[] = [];
  for (const file of files) {
    if (file.content === undefined || seen.has(file.path) || !isOrderFile(file.path)) continue;
    seen.add(file.path);
    const paths = listedPaths(file.path, file.content);
    if (paths.length > 0) lists.push({ path: file.path, paths });
  }
  if (lists.length === 0) return {};
  return { listedOrders: lists.sort((a, b) => naturalCompare(a.path, b.path)).map((list) => list.paths) };
}

/** The declared order of a change: its own files first (an edited plan), then the base's. */
export function changeOrder(change: {
  files: readonly { path: string; content?: string }[];
  baseFiles?: readonly { path: string; content?: string }[];
}): OrderOptions {
  return declaredOrder([...change.files, ...(change.baseFiles ?? [])]);
}

function listedPaths(path: string, content: string): string[] {
  const normalised = path.replace(/\\/g, '/');
  const folder = posix.dirname(normalised);
  const name = posix.basename(normalised);
  // sqitch's default layout (pgpm's only one): deploy scripts next to the plan; a sqitch.conf
  // that moves them (top_dir, deploy_dir) is not read.
  if (name === 'sqitch.plan' || name === 'pgpm.plan')
    return parseSqitchPlan(content).map((change) => posix.join(folder, 'deploy', `${change}.sql`));
  if (name === 'LOADORDER') return parseLoadOrder(content).map((entry) => posix.join(folder, entry));
  return parseGnumedBootstrap(content).flatMap((group) => group.files.map((file) => posix.join(folder, group.directory, file)));
}

/** Prisma (`migration.sql`) and Diesel (`up.sql`) keep one folder per migration, named for its version. */
const FOLDER_PER_MIGRATION = new Set(['migration.sql', 'up.sql', 'down.sql']);

/** For a folder-per-migration layout the ordering folder is the parent of that folder. */
function migrationFolder(path: string): string {
  const directory = posix.dirname(path);
  return FOLDER_PER_MIGRATION.has(posix.basename(path)) ? posix.dirname(directory) : directory;
}

function sortKey(path: string): string {
  const name = FOLDER_PER_MIGRATION.has(posix.basename(path)) ? posix.basename(posix.dirname(path)) : posix.basename(path);
  // Flyway applies repeatable migrations after all versioned ones.
  return /^R__/.test(name) ? `\uffff${name}` : name;
}
