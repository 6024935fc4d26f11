import { describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../src/config/load-config.js';
import { review } from '../../src/engine/review.js';
import type { ChangedFile } from '../../src/review-types/index.js';

/** A new model as `prisma migrate dev` writes it: the schema and its migration.sql in one change. */
const SCHEMA = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id    BigInt @id @default(autoincrement())
  posts Post[]
}

model Post {
  id        BigInt   @id @default(autoincrement())
  authorId  BigInt   @map("author_id")
  author    User     @relation(fields: [authorId], references: [id], onDelete: Cascade)
  createdAt DateTime @default(now()) @map("created_at")
}
`;

const MIGRATION = `-- CreateTable
CREATE TABLE "Post" (
    "id" BIGSERIAL NOT NULL,
    "author_id" BIGINT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
`;

const schema: ChangedFile = { path: 'prisma/schema.prisma', status: 'added', content: SCHEMA };
const migration: ChangedFile = { path: 'prisma/migrations/20240301000000_posts/migration.sql', status: 'added', content: MIGRATION };
const TWINS = [
  'timestamp-without-time-zone',
  'prisma-datetime-without-timestamptz',
  'foreign-key-without-index',
  'prisma-relation-without-index',
];

async function twinFindings(files: ChangedFile[]): Promise<string[]> {
  const result = await review({ files }, defaultConfig());
  return result.findings.filter((finding) => TWINS.includes(finding.ruleId)).map((finding) => `${finding.path} ${finding.ruleId}`);
}

describe('Prisma findings reported once', () => {
  it('on the migration when the change has the migration.sql that creates the column and the foreign key', async () => {
    expect((await twinFindings([schema, migration])).sort()).toEqual([
      `${migration.path} foreign-key-without-index`,
      `${migration.path} timestamp-without-time-zone`,
    ]);
  });

  it('on the schema when the change has no migration for them', async () => {
    expect((await twinFindings([schema])).sort()).toEqual([
      `${schema.path} prisma-datetime-without-timestamptz`,
      `${schema.path} prisma-relation-without-index`,
    ]);
  });

  it('on the schema for a model the migration does not create', async () => {
    const other = {
      ...migration,
      content: 'CREATE TABLE "Audit" ("id" BIGSERIAL NOT NULL, CONSTRAINT "Audit_pkey" PRIMARY KEY ("id"));\n',
    };
    expect(await twinFindings([schema, other])).toEqual(
      expect.arrayContaining([`${schema.path} prisma-datetime-without-timestamptz`, `${schema.path} prisma-relation-without-index`]),
    );
  });
});
