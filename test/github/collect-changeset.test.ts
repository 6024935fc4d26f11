import { describe, expect, it } from '@jest/globals';
import { defaultConfig } from '../../src/config/load-config.js';
import { review } from '../../src/engine/review.js';
import { collectChangeset } from '../../src/github/collect-changeset.js';
import { GitHubMock, useGitHubMock } from './helpers/github-mock.js';
import { instantOctokit } from './helpers/test-octokit.js';
import { BASE_SHA, HEAD_SHA, NUMBER, OWNER, REPO } from './helpers/webhooks.js';

/** What the App collects for a review: the changed files, and the base versions it judges them against. */

const BASE_SCHEMA = 'model Order {\n  id BigInt @id\n}\n';
const HEAD_SCHEMA = 'model Order {\n  id   BigInt  @id\n  note String?\n}\n';
const MIGRATION = 'prisma/migrations/20240101000000_init/migration.sql';

let github: GitHubMock;
useGitHubMock((mock) => (github = mock));

describe('collectChangeset', () => {
  it('fetches the base version of a changed Prisma schema or model module, in the same blob request', async () => {
    github
      .files([
        {
          filename: 'prisma/schema.prisma',
          status: 'modified',
          content: HEAD_SCHEMA,
          patch: '@@ -2 +2,2 @@\n-  id BigInt @id\n+  id   BigInt  @id\n+  note String?',
        },
      ])
      .tree({ 'prisma/schema.prisma': BASE_SCHEMA, [MIGRATION]: 'CREATE TABLE "Order" (id bigint PRIMARY KEY);\n' })
      .blobRequest();
    const Octokit = instantOctokit();
    const target = { owner: OWNER, repo: REPO, number: NUMBER, headSha: HEAD_SHA, baseSha: BASE_SHA, draft: false };
    const { changeset } = await collectChangeset(new Octokit({ auth: 'test' }), target, defaultConfig());
    github.assertDone();
    expect(changeset.files).toEqual([{ path: 'prisma/schema.prisma', status: 'modified', content: HEAD_SCHEMA, baseContent: BASE_SCHEMA }]);
    expect(changeset.baseFiles!.map((file) => file.path)).toEqual([MIGRATION]);
  });

  it('keeps what makes an edited applied migration: the base path of a renamed one, the base version of an Alembic revision', async () => {
    const sql = 'ALTER TABLE orders DROP COLUMN fax;\n';
    const before = 'from alembic import op\n\nrevision = "b2"\ndown_revision = "a1"\n\n\ndef upgrade():\n    op.drop_table("legacy")\n';
    const after = `"""Drop the legacy table."""\n${before.replace('op.drop_table("legacy")', "op.drop_table('legacy')")}`;
    github
      .files([
        {
          filename: 'db/migration/V2__drop_fax.sql',
          status: 'renamed',
          previous_filename: 'db/migration/V1_1__drop_fax.sql',
          content: sql,
        },
        { filename: 'alembic/versions/b2_drop_legacy.py', status: 'modified', content: after },
      ])
      .tree({ 'db/migration/V1_1__drop_fax.sql': sql, 'alembic/versions/b2_drop_legacy.py': before })
      .blobRequest();
    const Octokit = instantOctokit();
    const target = { owner: OWNER, repo: REPO, number: NUMBER, headSha: HEAD_SHA, baseSha: BASE_SHA, draft: false };
    const { changeset } = await collectChangeset(new Octokit({ auth: 'test' }), target, defaultConfig());
    github.assertDone();
    expect(changeset.files).toEqual([
      { path: 'db/migration/V2__drop_fax.sql', status: 'renamed', previousPath: 'db/migration/V1_1__drop_fax.sql', content: sql },
      { path: 'alembic/versions/b2_drop_legacy.py', status: 'modified', content: after, baseContent: before },
    ]);
    // The renamed migration is an edited applied one (its DROP COLUMN ran already); the reformatted revision says nothing.
    const result = await review(changeset, defaultConfig());
    expect(result.findings.map((finding) => [finding.path, finding.ruleId])).toEqual([
      ['db/migration/V2__drop_fax.sql', 'edited-applied-migration'],
    ]);
  });
});
