import { describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../src/config/load-config.js';
import { review } from '../../src/engine/review.js';
import { lintPrisma, prismaFindings } from './lint-prisma.js';

/** The Prisma review through the engine: quietness, change-only findings, lines, suppressions, non-PostgreSQL folders. */

const WELL_DESIGNED = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id        BigInt   @id @default(autoincrement())
  email     String   @unique
  createdAt DateTime @default(now()) @db.Timestamptz(3)
  posts     Post[]
}

model Post {
  id       BigInt  @id @default(autoincrement())
  authorId BigInt
  price    Decimal @db.Decimal(12, 2)
  author   User    @relation(fields: [authorId], references: [id], onDelete: Cascade)

  @@index([authorId])
}
`;

describe('Prisma schema review', () => {
  it('gives a well-designed schema no findings', async () => {
    expect(await lintPrisma(WELL_DESIGNED, { prismaMigrate: false })).toEqual([]);
  });

  it('reports on the field line and column', async () => {
    const schema = WELL_DESIGNED.replace('Decimal @db.Decimal(12, 2)', 'Float');
    const [finding] = await prismaFindings('prisma-float-for-money', schema);
    const line = schema.split('\n')[finding!.line - 1]!;
    expect(line.slice(finding!.column! - 1, finding!.endColumn! - 1)).toBe('Float');
    expect(finding!.message).toMatch(/Post\.price.*double precision.*Decimal/);
  });

  it('judges only new or changed fields of a modified schema', async () => {
    const base = WELL_DESIGNED.replace(' @db.Timestamptz(3)', '');
    const head = base.replace('  posts     Post[]', '  posts     Post[]\n  lastSeen  DateTime?');
    const findings = await prismaFindings('prisma-datetime-without-timestamptz', head, { base });
    expect(findings.map((finding) => finding.line)).toEqual([11]);
  });

  it('honours a // dbarch-ignore comment above a field', async () => {
    const schema = WELL_DESIGNED.replace(
      '  createdAt DateTime @default(now()) @db.Timestamptz(3)',
      '  // dbarch-ignore prisma-datetime-without-timestamptz: written and read by Prisma only\n  createdAt DateTime @default(now())',
    );
    expect(await lintPrisma(schema, { prismaMigrate: false })).toEqual([]);
  });

  it('skips a schema whose datasource is not PostgreSQL, saying why', async () => {
    const result = await review(
      { files: [{ path: 'db/mysql/schema.prisma', status: 'added', content: WELL_DESIGNED.replace('"postgresql"', '"mysql"') }] },
      defaultConfig(),
    );
    expect(result.files[0]!.skipped).toMatch(/provider is "mysql".*PostgreSQL/);
    expect(result.findings).toEqual([]);
  });
});

describe('Prisma migration folders', () => {
  const migration = 'CREATE TABLE `user` (`id` INTEGER NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`));';

  it('skips migrations of a MySQL folder (migration_lock.toml) instead of parsing them as PostgreSQL', async () => {
    const result = await review(
      {
        files: [{ path: 'db/shop/migrations/01_init/migration.sql', status: 'added', content: migration }],
        baseFiles: [{ path: 'db/shop/migrations/migration_lock.toml', content: 'provider = "mysql"\n' }],
      },
      defaultConfig(),
    );
    expect(result.files[0]!.skipped).toMatch(/^MySQL dialect \(Prisma provider "mysql" in db\/shop\/migrations\/migration_lock\.toml\)/);
    expect(result.findings).toEqual([]);
  });

  it('learns the provider from the schema.prisma next to the migrations folder', async () => {
    const result = await review(
      {
        files: [
          { path: 'db/mysql/migrations/01_init/migration.sql', status: 'added', content: migration },
          { path: 'db/mysql/schema.prisma', status: 'modified', content: WELL_DESIGNED.replace('"postgresql"', '"mysql"') },
        ],
      },
      defaultConfig(),
    );
    expect(result.files.map((file) => file.skipped !== undefined)).toEqual([true, true]);
  });

  it('reviews PostgreSQL folders as SQL migrations', async () => {
    const result = await review(
      {
        files: [
          {
            path: 'prisma/migrations/02_index/migration.sql',
            status: 'added',
            content: 'CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");',
          },
        ],
        baseFiles: [{ path: 'prisma/migrations/migration_lock.toml', content: 'provider = "postgresql"\n' }],
      },
      defaultConfig(),
    );
    expect(result.files[0]!.skipped).toBeUndefined();
    expect(result.findings.map((finding) => finding.ruleId)).toContain('create-index-non-concurrently');
  });
});

describe('prisma-schema-without-migration', () => {
  const BASE = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model Order {
  id    BigInt @id @default(autoincrement())
  total Int
}
`;
  const HEAD = BASE.replace('  total Int\n', '  total Int\n  note  String?\n');

  it('reports a changed model whose table no migration of the change touches', async () => {
    const findings = await prismaFindings('prisma-schema-without-migration', HEAD, { base: BASE });
    expect(findings).toEqual([
      expect.objectContaining({ line: 9, message: expect.stringContaining('adds the field "note" of model "Order"') }),
    ]);
  });

  it('is satisfied by a migration of the change that touches the table', async () => {
    const migration = {
      path: 'prisma/migrations/20240301000000_order_note/migration.sql',
      status: 'added' as const,
      content: 'ALTER TABLE "Order" ADD COLUMN "note" TEXT;\n',
    };
    expect(await prismaFindings('prisma-schema-without-migration', HEAD, { base: BASE, others: [migration] })).toEqual([]);
  });

  it('says nothing in a project without Prisma migrations (prisma db push)', async () => {
    expect(await prismaFindings('prisma-schema-without-migration', HEAD, { base: BASE, prismaMigrate: false })).toEqual([]);
  });

  it('names what changed: fields removed and changed, indexes, the table a model maps to', async () => {
    const head = BASE.replace('  total Int\n', '  total BigInt\n\n  @@index([total])\n  @@map("orders")\n');
    const [finding] = await prismaFindings('prisma-schema-without-migration', head, { base: BASE });
    expect(finding!.message).toContain(
      'changes the field "total", changes its indexes or constraints, maps it to table "orders" of model "Order"',
    );
    const removed = await prismaFindings('prisma-schema-without-migration', BASE.replace('  total Int\n', ''), { base: BASE });
    expect(removed[0]!.message).toContain('removes the field "total"');
  });
});
