import type { ChangedFile, Changeset, FileKind } from './types.js';

/**
 * Prisma keeps one migrations folder per datasource, and a repository may hold several (umami ships
 * db/mysql and db/postgresql). A folder whose provider is not PostgreSQL is skipped with the
 * reason instead of being parsed as PostgreSQL: its migration_lock.toml says the provider, and so
 * does the schema.prisma next to the migrations folder. Only files of the change and of the base
 * side are read (the engine does no I/O); with neither, the folder is reviewed.
 */

type Classified = ChangedFile & { kind: FileKind };

export function isPostgresProvider(provider: string): boolean {
  return provider === 'postgresql' || provider === 'postgres' || provider === 'cockroachdb';
}

/** The classified files, with foreign-provider Prisma migrations marked skipped (content dropped). */
export function skipForeignPrismaMigrations<T extends Classified>(files: T[], changeset: Changeset): T[] {
  if (!files.some((file) => file.kind === 'prisma-migration')) return files;
  const sources = [
    ...changeset.files.map((file) => ({ path: file.path, content: file.content ?? file.baseContent })),
    ...(changeset.baseFiles ?? []),
  ];
  return files.map((file) => {
    if (file.kind !== 'prisma-migration') return file;
    const found = providerOf(migrationsFolder(file.path), sources);
    if (!found || isPostgresProvider(found.provider)) return file;
    const { content: _content, ...rest } = file;
    return {
      ...rest,
      outOfScope: true,
      skipReason: `a Prisma migration for ${found.provider} (${found.from}): dbarch reviews PostgreSQL migrations only`,
    } as T;
  });
}

/** `db/mysql/migrations/01_init/migration.sql` → `db/mysql/migrations`. */
function migrationsFolder(path: string): string {
  return path.split('/').slice(0, -2).join('/');
}

function providerOf(
  folder: string,
  sources: ReadonlyArray<{ path: string; content?: string }>,
): { provider: string; from: string } | undefined {
  const parent = folder.split('/').slice(0, -1).join('/');
  const candidates = [`${folder}/migration_lock.toml`, `${parent ? `${parent}/` : ''}schema.prisma`];
  for (const candidate of candidates) {
    const source = sources.find((item) => item.path === candidate && item.content !== undefined);
    const provider = source?.content ? /^\s*provider\s*=\s*"([^"]+)"/m.exec(providerSection(candidate, source.content)) : null;
    if (provider) return { provider: provider[1]!, from: candidate };
  }
  return undefined;
}

/** In schema.prisma only the datasource block names the database (a generator has a provider too). */
function providerSection(path: string, content: string): string {
  if (!path.endsWith('.prisma')) return content;
  return /datasource\s+\w+\s*\{([^}]*)\}/.exec(content)?.[1] ?? '';
}
