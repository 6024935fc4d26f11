import { defineRule, type RuleReport } from './api/define-rule.js';
import { asArray, nodeOf, relationName, type AstObject } from '../parse/sql/ast.js';
import type { SchemaFacts } from '../analysis/schema-facts.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { keywordSpan, spanReport, statementTokens } from './support/statement-tokens.js';
import { vacuumIsFull } from '../analysis/statement-locks.js';

/**
 * Commands that copy a whole table (or index) into new files while holding ACCESS EXCLUSIVE: no
 * one can read or write it until the copy is done. They belong in maintenance, not in migrations.
 */

interface RewriteKind {
  /** The command as users write it, for messages. */
  command: string;
  /** Keywords to underline in ALTER statements. */
  keywords?: string[];
  /** The safer way, in one sentence. */
  alternative(pgVersion: number): string;
}

const REPACK_ALTERNATIVE = (pgVersion: number): string =>
  pgVersion >= 19
    ? 'Use REPACK (CONCURRENTLY) instead, which rewrites the table while reads and writes continue and locks it only briefly at the end.'
    : 'Use the pg_repack extension instead, which rewrites the table online (PostgreSQL 19 brings REPACK (CONCURRENTLY) for this); plain VACUUM does not block but does not shrink the files.';

const NO_ONLINE_ALTERNATIVE = (): string =>
  'There is no online way to change this: run it in a maintenance window, or create a new table with the desired setting, copy the rows over in batches and switch to it.';

const ALTER_KINDS: Record<string, RewriteKind> = {
  AT_SetLogged: { command: 'SET LOGGED', keywords: ['SET', 'LOGGED'], alternative: NO_ONLINE_ALTERNATIVE },
  AT_SetUnLogged: { command: 'SET UNLOGGED', keywords: ['SET', 'UNLOGGED'], alternative: NO_ONLINE_ALTERNATIVE },
  AT_SetAccessMethod: { command: 'SET ACCESS METHOD', keywords: ['SET', 'ACCESS', 'METHOD'], alternative: NO_ONLINE_ALTERNATIVE },
  AT_SetTableSpace: {
    command: 'SET TABLESPACE',
    keywords: ['SET', 'TABLESPACE'],
    alternative: () => 'Move it online with pg_repack --tablespace instead, or run it in a maintenance window.',
  },
};

const VACUUM_FULL: RewriteKind = { command: 'VACUUM FULL', alternative: REPACK_ALTERNATIVE };
const CLUSTER: RewriteKind = { command: 'CLUSTER', alternative: REPACK_ALTERNATIVE };

export default defineRule({
  id: 'table-rewrite-command',
  summary:
    'SET LOGGED/UNLOGGED, SET ACCESS METHOD, SET TABLESPACE, CLUSTER or VACUUM FULL rewrites an existing table under ACCESS EXCLUSIVE',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help: 'Keep table rewrites out of migrations: use pg_repack (or REPACK (CONCURRENTLY) on PostgreSQL 19) or a maintenance window.',
  checkStatement({ statement, facts, pgVersion, report }) {
    for (const found of rewritesOf(statement, facts)) report(rewriteReport(statement, found, pgVersion));
  },
});

interface FoundRewrite {
  kind: RewriteKind;
  /** Relations rewritten; empty when the command covers many (VACUUM FULL of a database). */
  relations: string[];
  scope?: string;
}

function rewritesOf(statement: SqlStatement, facts: SchemaFacts): FoundRewrite[] {
  const ast = statement.ast;
  if (!ast) return [];
  const existing = (name: string | undefined): name is string => name !== undefined && !facts.isNewTable(name);
  switch (statement.kind) {
    case 'AlterTableStmt': {
      const relation = relationName(ast.relation);
      if (!existing(relation)) return [];
      const kinds = asArray(ast.cmds).map((item) => ALTER_KINDS[String(nodeOf(item, 'AlterTableCmd')?.subtype)]);
      return kinds.filter((kind) => kind !== undefined).map((kind) => ({ kind, relations: [relation] }));
    }
    case 'AlterTableMoveAllStmt':
      return [
        { kind: ALTER_KINDS.AT_SetTableSpace!, relations: [], scope: `every relation in tablespace "${String(ast.orig_tablespacename)}"` },
      ];
    case 'ClusterStmt': {
      const relation = relationName(ast.relation);
      if (!ast.relation) return [{ kind: CLUSTER, relations: [], scope: 'every table clustered before' }];
      return existing(relation) ? [{ kind: CLUSTER, relations: [relation] }] : [];
    }
    case 'VacuumStmt':
      return vacuumFull(ast, existing);
    default:
      return [];
  }
}

function vacuumFull(ast: AstObject, existing: (name: string | undefined) => name is string): FoundRewrite[] {
  if (!vacuumIsFull(ast)) return [];
  const named = asArray(ast.rels).map((item) => relationName(nodeOf(item, 'VacuumRelation')?.relation));
  if (named.length === 0) return [{ kind: VACUUM_FULL, relations: [], scope: 'every table in the database' }];
  const relations = named.filter(existing);
  return relations.length > 0 ? [{ kind: VACUUM_FULL, relations }] : [];
}

function rewriteReport(statement: SqlStatement, { kind, relations, scope }: FoundRewrite, pgVersion: number): RuleReport {
  const target = scope ?? relations.map((name) => `"${name}"`).join(', ');
  const blocked = scope ? 'each of them' : target;
  const keywords = kind.keywords ? keywordSpan(statementTokens(statement), kind.keywords) : undefined;
  return {
    message:
      `${kind.command} rewrites ${target} into new files while holding ACCESS EXCLUSIVE: every read and write on ${blocked} waits until the whole copy is done, ` +
      `which grows with the table. ${kind.alternative(pgVersion)}`,
    ...(keywords ? spanReport(statement, keywords) : {}),
  };
}
