import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isMigrationKind } from '../classify/classify-file.js';
import { compareMigrationPaths, orderMigrations } from '../classify/order-migrations.js';
import type { BaseFile, FileKind } from '../review-types/index.js';
import { readFileForReview } from './file-content.js';
import type { PathClassifier } from './path-classifier.js';
import { repositoryPath } from './repository-path.js';

/**
 * The base of a PATH-mode review: when the user names migration files inside a folder, the
 * migrations of that folder that sort before the earliest named one are taken as applied already
 * (production has them), so the dry run replays them first and rules know their tables exist.
 */
export interface NamedMigration {
  path: string;
  absolutePath: string;
  kind: FileKind;
}

export async function siblingBaseFiles(
  named: readonly NamedMigration[],
  reviewed: ReadonlySet<string>,
  options: { root: string; classify: PathClassifier },
): Promise<BaseFile[]> {
  const baseFiles: BaseFile[] = [];
  for (const group of groupBySequence(named.filter((file) => isMigrationKind(file.kind)))) {
    // The engine's own order (numbers as numbers, Flyway repeatables last), so base and review agree.
    const earliest = orderMigrations(group.files)[0]!.path;
    for (const absolutePath of await listSequence(group.folder, group.kind)) {
      const path = repositoryPath(options.root, absolutePath);
      if (reviewed.has(path) || compareMigrationPaths(path, earliest) >= 0) continue;
      if (options.classify(path, { explicit: true }) !== group.kind) continue;
      const content = await readBaseContent(absolutePath);
      if (content !== undefined) baseFiles.push({ path, content });
    }
  }
  return orderMigrations(baseFiles);
}

/** A base file that cannot be used (missing, binary, too large) is left out of the base. */
async function readBaseContent(absolutePath: string): Promise<string | undefined> {
  try {
    return (await readFileForReview(absolutePath)).content;
  } catch {
    return undefined;
  }
}

/** Prisma keeps each migration in its own folder (`migrations/<name>/migration.sql`). */
function isPrismaLayout(kind: FileKind): boolean {
  return kind === 'prisma-migration';
}

function sequenceFolder(file: NamedMigration): string {
  const folder = dirname(file.absolutePath);
  return isPrismaLayout(file.kind) ? dirname(folder) : folder;
}

function groupBySequence(files: readonly NamedMigration[]) {
  const groups = new Map<string, { folder: string; kind: FileKind; files: NamedMigration[] }>();
  for (const file of files) {
    const folder = sequenceFolder(file);
    const id = `${file.kind}\0${folder}`;
    const group = groups.get(id) ?? { folder, kind: file.kind, files: [] };
    group.files.push(file);
    groups.set(id, group);
  }
  return [...groups.values()];
}

/** Absolute paths of the migrations in a sequence folder (down scripts too: the engine drops them). */
async function listSequence(folder: string, kind: FileKind): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  if (isPrismaLayout(kind)) {
    return entries.filter((entry) => entry.isDirectory()).map((entry) => join(folder, entry.name, 'migration.sql'));
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => join(folder, entry.name));
}
