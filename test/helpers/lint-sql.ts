import { SchemaFacts } from '../../src/analysis/schema-facts.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { reviewSqlFile } from '../../src/engine/files/sql-file.js';
import type { Finding, MigrationTool } from '../../src/review-types/index.js';
import { loadSqlParser, parseSql } from '../../src/parse/sql/parse-sql.js';
import type { Rule } from '../../src/rules/api/define-rule.js';
import { ALL_RULES } from '../../src/rules/index.js';

/**
 * Reviews one SQL text the way the engine reviews one migration file (rules, syntax errors,
 * suppressions), for rule tests. `base` is SQL for the schema that already exists: its objects are
 * not new. `previous` makes the file an edited applied migration with that base version. `implicitTransaction` overrides the tool's transaction convention.
 */
export interface LintOptions {
  rules?: readonly Rule[];
  pgVersion?: number;
  tool?: MigrationTool;
  implicitTransaction?: boolean;
  base?: string;
  /** SQL of earlier migrations in the same change: their objects are new. */
  change?: string;
  path?: string;
  /** The file's base version: the SQL is an edit of an applied migration. */
  previous?: string;
}

export async function lintSql(sql: string, options: LintOptions = {}): Promise<Finding[]> {
  await loadSqlParser();
  const facts = new SchemaFacts('base');
  if (options.base) for (const statement of parseSql(options.base).statements) facts.apply(statement);
  facts.withOrigin('change');
  if (options.change) for (const statement of parseSql(options.change).statements) facts.apply(statement);
  const config = defaultConfig();
  config.pgVersion = options.pgVersion ?? 16;
  if (options.implicitTransaction !== undefined) config.migrations.transaction = options.implicitTransaction ? 'always' : 'never';
  const result = reviewSqlFile(
    {
      path: options.path ?? 'migrations/001_test.sql',
      content: sql,
      kind: 'sql-migration',
      tool: options.tool ?? 'plain',
      ...(options.previous !== undefined ? { applied: { content: options.previous } } : {}),
    },
    { config, rules: options.rules ?? ALL_RULES, facts },
  );
  return result.findings;
}

/** Rule ids of the findings, for compact assertions. */
export async function ruleIds(sql: string, options: LintOptions = {}): Promise<string[]> {
  return (await lintSql(sql, options)).map((finding) => finding.ruleId);
}
