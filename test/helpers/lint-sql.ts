import { TOOL_CONVENTIONS } from '../../src/classify/migration-tool.js';
import { analyzeStatements } from '../../src/analysis/analyze-statements.js';
import { SchemaFacts } from '../../src/analysis/schema-facts.js';
import type { Finding, MigrationTool } from '../../src/engine/types.js';
import { loadSqlParser, parseSql } from '../../src/parse/sql/parse-sql.js';
import type { Rule } from '../../src/rules/define-rule.js';
import { ALL_RULES } from '../../src/rules/registry.js';

/**
 * Runs rules over one SQL text the way the engine does for one migration file, for rule tests.
 * `base` is SQL describing the schema that already exists (its objects are not new).
 */
export interface LintOptions {
  rules?: readonly Rule[];
  pgVersion?: number;
  tool?: MigrationTool;
  implicitTransaction?: boolean;
  base?: string;
  path?: string;
}

export async function lintSql(sql: string, options: LintOptions = {}): Promise<Finding[]> {
  await loadSqlParser();
  const facts = new SchemaFacts('base');
  if (options.base) for (const statement of parseSql(options.base).statements) facts.apply(statement);
  facts.withOrigin('change');
  const parsed = parseSql(sql);
  const result = analyzeStatements(parsed, {
    file: {
      path: options.path ?? 'migrations/001_test.sql',
      tool: options.tool ?? 'plain',
      implicitTransaction: options.implicitTransaction ?? TOOL_CONVENTIONS[options.tool ?? 'plain'].wrapsInTransaction,
    },
    pgVersion: options.pgVersion ?? 16,
    rules: options.rules ?? ALL_RULES,
    facts,
  });
  return result.findings.map(({ statementIndex: _statementIndex, ...finding }) => finding);
}

/** Rule ids of the findings, for compact assertions. */
export async function ruleIds(sql: string, options: LintOptions = {}): Promise<string[]> {
  return (await lintSql(sql, options)).map((finding) => finding.ruleId);
}
