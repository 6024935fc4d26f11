/**
 * Prisma keeps one migrations folder per datasource, and a repository may hold several (umami ships
 * db/mysql and db/postgresql). The folder's migration_lock.toml says the provider, and so does the
 * schema.prisma next to the migrations folder. Only files the engine was given are read (it does
 * no I/O); with neither, the provider is unknown. Used by sql-dialect.ts, one signal among others.
 */

export function isPostgresProvider(provider: string): boolean {
  return provider === 'postgresql' || provider === 'postgres';
}

export interface PrismaProvider {
  provider: string;
  /** The file that said so. */
  from: string;
}

/** The provider of the migrations folder holding `migrationPath` (`…/migrations/<name>/migration.sql`). */
export function prismaProviderOf(
  migrationPath: string,
  sources: ReadonlyArray<{ path: string; content?: string }>,
): PrismaProvider | undefined {
  const folder = migrationsFolder(migrationPath);
  const parent = folder.split('/').slice(0, -1).join('/');
  const candidates = [`${folder}/migration_lock.toml`, `${parent ? `${parent}/` : ''}schema.prisma`];
  for (const candidate of candidates) {
    const source = sources.find((item) => item.path === candidate && item.content !== undefined);
    const provider = source?.content ? /^\s*provider\s*=\s*"([^"]+)"/m.exec(providerSection(candidate, source.content)) : null;
    if (provider) return { provider: provider[1]!, from: candidate };
  }
  return undefined;
}

/** `db/mysql/migrations/01_init/migration.sql` → `db/mysql/migrations`. */
function migrationsFolder(path: string): string {
  return path.split('/').slice(0, -2).join('/');
}

/** In schema.prisma only the datasource block names the database (a generator has a provider too). */
function providerSection(path: string, content: string): string {
  if (!path.endsWith('.prisma')) return content;
  return /datasource\s+\w+\s*\{([^}]*)\}/.exec(content)?.[1] ?? '';
}
