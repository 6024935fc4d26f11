import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../../src/config/load-config.js';
import { reviewModelFile } from '../../src/engine/files/model-file.js';
import { readModels } from '../../src/models/read-models.js';
import { loadPythonParser } from '../../src/parse/python/python-parser.js';
import { loadSqlParser } from '../../src/parse/sql/parse-sql.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { CORPORA, corpusPaths } from '../helpers/corpora.js';

/**
 * Robustness over real SQLAlchemy model modules (.corpora/sqlalchemy-models.txt, fetched by
 * `npm run corpora`): every module is read and reviewed, none crashes, findings stay in the file.
 */

const paths = corpusPaths('sqlalchemy-models.txt');

if (paths.length === 0) {
  console.warn(
    'SQLAlchemy model corpus not found (.corpora/sqlalchemy-models.txt): run `npm run corpora` to review the 108 real model modules.',
  );
}

(paths.length > 0 ? describe : describe.skip)('SQLAlchemy model corpus', () => {
  beforeAll(async () => {
    await Promise.all([loadPythonParser(), loadSqlParser()]);
  });

  it('reads and reviews every module without crashing', () => {
    const crashes: string[] = [];
    let tables = 0;
    let columns = 0;
    for (const path of paths) {
      const content = readFileSync(join(CORPORA, path), 'utf8');
      try {
        const module = readModels(content);
        tables += module.tables.length;
        columns += module.tables.reduce((sum, table) => sum + table.columns.length, 0);
        const result = reviewModelFile({ path, content, kind: 'sqlalchemy-model' }, { config: defaultConfig(), rules: ALL_RULES });
        const lineCount = content.split('\n').length;
        expect(result.findings.every((finding) => finding.line >= 1 && finding.endLine <= lineCount && finding.message.length > 40)).toBe(
          true,
        );
      } catch (error) {
        crashes.push(`${path}: ${(error as Error).stack}`);
      }
    }
    console.info(`SQLAlchemy model corpus: ${paths.length} modules, ${tables} tables, ${columns} columns read`);
    expect(crashes).toEqual([]);
    expect(tables).toBeGreaterThan(300);
  });
});
