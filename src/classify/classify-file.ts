import picomatch from 'picomatch';
import type { Config } from '../config/schema.js';
import type { FileKind } from '../review-types/index.js';
import { SNAPSHOT_BASE_PREFIX } from './schema-snapshot.js';

/**
 * Decides what kind of file a path is. Config globs (`paths:` in .github/dbarch.yml) replace the
 * defaults kind by kind. Python files are told apart by content (an Alembic revision declares
 * `down_revision`; a SQLModel module imports sqlmodel).
 */

type ClassifiedKind = Exclude<FileKind, 'config' | 'other'>;

export const DEFAULT_PATHS: Record<ClassifiedKind | 'ignore', string[]> = {
  'prisma-migration': ['**/migrations/*/migration.sql'],
  'sql-migration': ['**/*.sql'],
  alembic: ['**/versions/**/*.py'],
  'sqlalchemy-model': ['**/models.py', '**/models/**/*.py', '**/model.py', '**/entities/**/*.py', '**/db/schema.py'],
  'sqlmodel-model': ['**/models.py', '**/models/**/*.py', '**/model.py'],
  'prisma-schema': ['**/*.prisma'],
  ignore: ['**/node_modules/**', '**/vendor/**', '**/dist/**', '**/.git/**'],
};

/** Checked in this order: the most specific kinds first. */
const KIND_ORDER: ClassifiedKind[] = [
  'prisma-migration',
  'sql-migration',
  'alembic',
  'sqlmodel-model',
  'sqlalchemy-model',
  'prisma-schema',
];

/**
 * Folders of tests and fixtures: a `tests/models/test_user.py` imports SQLAlchemy but declares no
 * model of the application, so the default model globs (and a file named explicitly) skip them.
 */
const TEST_FOLDERS = picomatch(['**/tests/**', '**/test/**', '**/spec/**', '**/__tests__/**', '**/fixtures/**'], { dot: true });
const MODEL_KINDS: ReadonlySet<ClassifiedKind> = new Set(['sqlalchemy-model', 'sqlmodel-model']);

const CONFIG_PATH = '.github/dbarch.yml';
const matcherCache = new WeakMap<Config, Map<string, (path: string) => boolean>>();

function matcher(config: Config, kind: ClassifiedKind | 'ignore'): (path: string) => boolean {
  let perConfig = matcherCache.get(config);
  if (!perConfig) {
    perConfig = new Map();
    matcherCache.set(config, perConfig);
  }
  let match = perConfig.get(kind);
  if (!match) {
    const globs = config.paths[kind] ?? DEFAULT_PATHS[kind];
    match = picomatch(globs, { dot: true });
    perConfig.set(kind, match);
  }
  return match;
}

/**
 * Kind from the path alone. `explicit`: the user named this file on the command line, so a file
 * with a known extension counts even when no glob matches it.
 */
export function classifyPath(path: string, config: Config, options: { explicit: boolean } = { explicit: false }): FileKind {
  const normalised = path.replace(/\\/g, '/').replace(/^\.\//, '');
  if (normalised === CONFIG_PATH || normalised.endsWith(`/${CONFIG_PATH}`)) return 'config';
  if (normalised.startsWith(SNAPSHOT_BASE_PREFIX)) return 'sql-migration';
  if (matcher(config, 'ignore')(normalised)) return 'other';
  for (const kind of KIND_ORDER) {
    if (!matcher(config, kind)(normalised)) continue;
    // Globs the config sets for a model kind are the user's word; the defaults leave test folders out.
    if (MODEL_KINDS.has(kind) && !config.paths[kind] && TEST_FOLDERS(normalised)) continue;
    return kind;
  }
  if (options.explicit) {
    if (normalised.endsWith('.sql')) return 'sql-migration';
    if (normalised.endsWith('.prisma')) return 'prisma-schema';
    if (normalised.endsWith('.py')) return 'alembic';
  }
  return 'other';
}

/** Kind from path and content: settles Python files, which the path alone cannot. */
export function classifyFile(path: string, content: string | undefined, config: Config, options = { explicit: false }): FileKind {
  const byPath = classifyPath(path, config, options);
  if (!path.endsWith('.py') || content === undefined || byPath === 'other' || byPath === 'config') return byPath;
  if (/^\s*down_revision\s*(?::[^=]*)?=/m.test(content)) return 'alembic';
  const isModelKind = byPath === 'sqlalchemy-model' || byPath === 'sqlmodel-model';
  const modelPath = isModelKind || (options.explicit && !TEST_FOLDERS(path.replace(/\\/g, '/')));
  if (modelPath && /^\s*(?:from\s+sqlmodel\s+import|import\s+sqlmodel)\b/m.test(content)) return 'sqlmodel-model';
  if (modelPath && /^\s*(?:from\s+sqlalchemy[\w.]*\s+import|import\s+sqlalchemy)\b/m.test(content)) return 'sqlalchemy-model';
  return 'other';
}

/** Kinds whose files are migrations (ordered, applied to the database). */
export function isMigrationKind(kind: FileKind): boolean {
  return kind === 'sql-migration' || kind === 'prisma-migration' || kind === 'alembic';
}
