import picomatch from 'picomatch';
import type { Config, SqlDialectSetting } from '../config/schema.js';
import { foreignSyntax } from './dialect-syntax.js';
import { isPostgresProvider, type PrismaProvider } from './prisma-provider.js';

/**
 * Which SQL dialect a `.sql` file is written in. dbarch reviews PostgreSQL; repositories keep MySQL,
 * SQLite or ClickHouse schema folders beside the PostgreSQL one, and parsing those as PostgreSQL
 * gives syntax errors and PostgreSQL lock advice about databases that have none. Signals, strongest
 * first: the config (`migrations.dialects` per path, then `migrations.dialect: postgresql`), a path
 * segment or file-name part naming a dialect (`db/mysql/`, `schema.sqlite.sql`), the Prisma
 * datasource provider, then syntax only another dialect writes (dialect-syntax.ts).
 */

/** The config's list (config/schema.ts sqlDialectSchema) is the list of dialects. */
export type SqlDialect = SqlDialectSetting;
export type ForeignDialect = Exclude<SqlDialect, 'postgresql'>;

export const DIALECT_NAMES: Record<SqlDialect, string> = {
  postgresql: 'PostgreSQL',
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  sqlite: 'SQLite',
  clickhouse: 'ClickHouse',
  sqlserver: 'SQL Server',
  oracle: 'Oracle',
  cockroachdb: 'CockroachDB',
  other: 'Non-PostgreSQL',
};

export interface DialectVerdict {
  dialect: SqlDialect;
  /** Why: "path segment mysql/", "backtick-quoted identifier at line 3". */
  evidence: string;
}

/** Folder names and file-name parts that name a dialect (lowercase). */
const PATH_WORDS: Record<string, SqlDialect> = {
  mysql: 'mysql',
  mariadb: 'mariadb',
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  clickhouse: 'clickhouse',
  mssql: 'sqlserver',
  sqlserver: 'sqlserver',
  tsql: 'sqlserver',
  oracle: 'oracle',
  // CockroachDB speaks PostgreSQL's protocol, but its schema changes run online as jobs: none of
  // PostgreSQL's locks and rewrites apply (kratos keeps `.cockroach.up.sql` beside `.postgres.up.sql`).
  cockroach: 'cockroachdb',
  cockroachdb: 'cockroachdb',
  crdb: 'cockroachdb',
  postgres: 'postgresql',
  postgresql: 'postgresql',
  pgsql: 'postgresql',
  pg: 'postgresql',
};

const PRISMA_PROVIDERS: Record<string, ForeignDialect> = {
  mysql: 'mysql',
  sqlite: 'sqlite',
  sqlserver: 'sqlserver',
  cockroachdb: 'cockroachdb',
};

/** The file's dialect and why; PostgreSQL with evidence "no other dialect's signal" when nothing says otherwise. */
export function sqlDialectOf(path: string, content: string | undefined, config: Config, prisma?: PrismaProvider): DialectVerdict {
  const configured = configuredDialect(path, config);
  if (configured) return configured;
  const byPath = pathDialect(path);
  if (byPath) return byPath;
  if (prisma && !isPostgresProvider(prisma.provider))
    return { dialect: PRISMA_PROVIDERS[prisma.provider] ?? 'other', evidence: `Prisma provider "${prisma.provider}" in ${prisma.from}` };
  const signal = content === undefined ? undefined : foreignSyntax(content);
  if (signal) return { dialect: signal.dialect, evidence: `${signal.evidence} at line ${signal.line}` };
  return { dialect: 'postgresql', evidence: "no other dialect's signal" };
}

const matcherCache = new WeakMap<Config, Array<[string, (path: string) => boolean]>>();

function configuredDialect(path: string, config: Config): DialectVerdict | undefined {
  let matchers = matcherCache.get(config);
  if (!matchers) {
    matchers = Object.keys(config.migrations.dialects).map((glob) => [glob, picomatch(glob, { dot: true })]);
    matcherCache.set(config, matchers);
  }
  const match = matchers.find(([, matches]) => matches(path));
  if (match) return { dialect: config.migrations.dialects[match[0]]!, evidence: `config migrations.dialects "${match[0]}"` };
  if (config.migrations.dialect === 'postgresql') return { dialect: 'postgresql', evidence: 'config migrations.dialect' };
  return undefined;
}

/** The nearest naming part wins: the file name's dot-parts (`schema.mysql.sql`), then folders from the innermost. */
export function pathDialect(path: string): DialectVerdict | undefined {
  const segments = path.replace(/\\/g, '/').toLowerCase().split('/');
  const fileParts = segments.pop()!.split('.').slice(0, -1);
  for (const part of fileParts.reverse()) {
    const dialect = PATH_WORDS[part];
    if (dialect) return { dialect, evidence: `file name part .${part}.` };
  }
  for (const segment of segments.reverse()) {
    // Whole folder names, or words of one: `mysql-migrations/`, `db_sqlite/`.
    const word = [segment, ...segment.split(/[-_.]/)].find((candidate) => PATH_WORDS[candidate]);
    if (word) return { dialect: PATH_WORDS[word]!, evidence: `path segment ${segment}/` };
  }
  return undefined;
}
