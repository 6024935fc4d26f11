import { readFile } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { classifyFile, isMigrationKind } from '../classify/classify-file.js';
import { detectTool } from '../classify/migration-tool.js';
import { defaultConfig } from '../config/load-config.js';
import type { FileKind, MigrationTool } from '../review-types/index.js';
import { walkDirectory } from '../collect/walk-directory.js';

/**
 * What `dbarch init` finds in a project: the migration tools and the folders their migrations are
 * in (by the same classifier and tool detection the review uses), the model files, and the
 * PostgreSQL version a compose file runs, if any.
 */
export interface ProjectLayout {
  tools: MigrationTool[];
  /** Repository-relative folders holding migrations, per tool. */
  folders: { tool: MigrationTool; folder: string; kind: FileKind }[];
  /** Files the review would read as ORM models or Prisma schemas. */
  models: string[];
  /** Major version from a compose file's postgres image (postgres:15, postgis/postgis:16-3.4 …). */
  pgVersion?: number;
}

/** Enough for any real project; a walk that finds more stops there rather than take minutes. */
const MAX_FILES = 50_000;
const MODEL_KINDS = new Set<FileKind>(['sqlalchemy-model', 'sqlmodel-model', 'prisma-schema']);
const COMPOSE_FILE = /(^|\/)(docker-)?compose(\.[\w-]+)?\.ya?ml$/;

export async function detectProject(root: string): Promise<ProjectLayout> {
  const config = defaultConfig();
  const files = (await walkDirectory(root)).slice(0, MAX_FILES).map((path) => relative(root, path).split(sep).join('/'));
  const folders = new Map<string, { tool: MigrationTool; folder: string; kind: FileKind }>();
  const models: string[] = [];
  let pgVersion: number | undefined;
  for (const path of files) {
    if (COMPOSE_FILE.test(path)) pgVersion ??= composePgVersion(await readFile(`${root}/${path}`, 'utf8'));
    // Python files are told apart by content (an Alembic revision, a SQLModel import); SQL by path.
    const content = path.endsWith('.py') || path.endsWith('.sql') ? await readFile(`${root}/${path}`, 'utf8') : undefined;
    const kind = classifyFile(path, content, config);
    if (MODEL_KINDS.has(kind)) models.push(path);
    if (!isMigrationKind(kind) || isSchemaSnapshot(path)) continue;
    const tool = detectTool(path, content);
    // A Prisma migration is <folder>/<timestamp>_<name>/migration.sql: the folder is two levels up.
    const folder = tool === 'prisma' ? dirname(dirname(path)) : dirname(path);
    folders.set(`${tool}:${folder}`, { tool, folder, kind });
  }
  const sorted = [...folders.values()].sort((a, b) => a.folder.localeCompare(b.folder));
  return { tools: [...new Set(sorted.map((entry) => entry.tool))], folders: sorted, models, ...(pgVersion ? { pgVersion } : {}) };
}

/** Full-schema dumps and seeds are not migrations, however they are named. */
function isSchemaSnapshot(path: string): boolean {
  return /(^|\/)(schema|structure|seeds?|dump)\.sql$/.test(path);
}

function composePgVersion(text: string): number | undefined {
  const match = /image:\s*["']?[\w./-]*(?:postgres|postgis)[\w-]*:(\d{1,2})/.exec(text);
  return match ? Number(match[1]) : undefined;
}
