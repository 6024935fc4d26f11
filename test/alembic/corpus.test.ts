import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaFacts } from '../../src/analysis/schema-facts.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { reviewAlembicFile } from '../../src/engine/files/alembic-file.js';
import { readAlembicRevision } from '../../src/parse/alembic/index.js';
import { loadPythonParser } from '../../src/parse/python/python-parser.js';
import { loadSqlParser } from '../../src/parse/sql/parse-sql.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { CORPORA, corpusPaths } from '../helpers/corpora.js';

/**
 * Robustness over real Alembic revisions (.corpora/alembic.txt, fetched by `npm run corpora`):
 * every file is reviewed or its problems reported, none crashes, and the share of op calls
 * translated to SQL versus reported as unresolved is printed.
 */

const paths = corpusPaths('alembic.txt');

if (paths.length === 0) {
  console.warn('Alembic corpus not found (.corpora/alembic.txt): run `npm run corpora` to review the 740 real revisions.');
}

(paths.length > 0 ? describe : describe.skip)('Alembic corpus', () => {
  beforeAll(async () => {
    await Promise.all([loadPythonParser(), loadSqlParser()]);
  });

  it('reviews every revision without crashing', () => {
    const config = defaultConfig();
    const counts = { translated: 0, unresolved: 0, opaque: 0 };
    const crashes: string[] = [];
    for (const path of paths) {
      const content = readFileSync(join(CORPORA, path), 'utf8');
      try {
        const result = reviewAlembicFile(
          { path, content, kind: 'alembic', tool: 'alembic' },
          { config, rules: ALL_RULES, facts: new SchemaFacts('change') },
        );
        countOps(content, counts);
        expect(result.findings.every((finding) => finding.line >= 1 && finding.line <= content.split('\n').length)).toBe(true);
      } catch (error) {
        crashes.push(`${path}: ${(error as Error).stack}`);
      }
    }
    const share = ((100 * counts.translated) / Math.max(1, counts.translated + counts.unresolved)).toFixed(1);
    console.info(
      `Alembic corpus: ${paths.length} revisions; upgrade() op calls: ${counts.translated} translated to SQL, ${counts.unresolved} reported unresolved ` +
        `(${share}% translated); ${counts.opaque} other calls (helpers, ORM sessions) reported as not followed`,
    );
    expect(crashes).toEqual([]);
  });
});

function countOps(content: string, counts: { translated: number; unresolved: number; opaque: number }): void {
  const revision = readAlembicRevision(content);
  for (const item of revision.upgradeOps) {
    if (item.unresolved) counts.unresolved += 1;
    else counts.translated += 1;
  }
  counts.opaque += revision.opaque.length;
}
