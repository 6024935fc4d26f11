import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultConfig } from '../../src/config/load-config.js';
import { review } from '../../src/engine/review.js';
import type { ChangedFile } from '../../src/review-types/index.js';
import { CORPORA, corpusPaths } from '../helpers/corpora.js';

/**
 * Robustness over real Prisma projects (.corpora/prisma.txt: umami's mysql and postgresql folders,
 * fetched by `npm run corpora`): schemas and migrations are reviewed as one change with their
 * migration_lock.toml on the base side; the MySQL folder is skipped with its reason, nothing crashes.
 */

const paths = corpusPaths('prisma.txt');

if (paths.length === 0) console.warn('Prisma corpus not found (.corpora/prisma.txt): run `npm run corpora` to review the umami schemas.');

(paths.length > 0 ? describe : describe.skip)('Prisma corpus', () => {
  it('reviews every schema and migration, skipping non-PostgreSQL folders with a reason', async () => {
    const files: ChangedFile[] = paths.map((path) => ({ path, status: 'added', content: readFileSync(join(CORPORA, path), 'utf8') }));
    const locks = [...new Set(paths.filter((path) => path.endsWith('migration.sql')).map((path) => dirname(dirname(path))))]
      .map((folder) => join(folder, 'migration_lock.toml'))
      .filter((path) => existsSync(join(CORPORA, path)))
      .map((path) => ({ path, content: readFileSync(join(CORPORA, path), 'utf8') }));
    const result = await review({ files, baseFiles: locks }, defaultConfig());
    expect(result.files).toHaveLength(paths.length);
    const mysql = result.files.filter((file) => file.path.includes('/mysql/'));
    const postgres = result.files.filter((file) => file.path.includes('/postgresql/'));
    expect(mysql.every((file) => /mysql/.test(file.skipped ?? ''))).toBe(true);
    expect(postgres.every((file) => file.skipped === undefined)).toBe(true);
    expect(result.findings.filter((finding) => finding.ruleId === 'syntax-error' || finding.ruleId === 'prisma-syntax-error')).toEqual([]);
    console.info(
      `Prisma corpus: ${paths.length} files, ${mysql.length} MySQL files skipped, ${postgres.length} PostgreSQL files reviewed, ` +
        `${result.findings.length} findings (${[...new Set(result.findings.map((finding) => finding.ruleId))].join(', ')})`,
    );
  });
});
