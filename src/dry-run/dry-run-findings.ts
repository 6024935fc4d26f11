import type { Finding } from '../engine/types.js';
import type { BaseReplay, FileTrace, StatementTrace } from './types.js';

/**
 * Findings from one file's trace: a statement PostgreSQL rejected (dry-run-failed), one the
 * sandbox stopped (dry-run-timeout), an observed rewrite of a base table (dry-run-rewrite), and a
 * notice when a failure is likely not the migration's (dry-run-incomplete-base): objects the base
 * replay could not create, or placeholders run as stand-in names.
 */

/** SQLSTATEs for "no such object": on an incompletely replayed base these may be the base's fault. */
const UNDEFINED_OBJECT = new Set(['42P01', '42703', '42704', '42883', '3F000', '42P02']);

export interface TraceFindingContext {
  path: string;
  base: BaseReplay;
  engine: string;
  /** Statement indexes that a rule already reported as downtime or worse. */
  ruleReported: ReadonlySet<number>;
  /** Statement kinds by index (TRUNCATE's new relfilenode is not a rewrite worth a finding). */
  kinds: ReadonlyMap<number, string>;
  /** Statements that held placeholders, run with stand-in names (DryRunStatementInput.templated). */
  templated?: ReadonlySet<number>;
}

export function traceFindings(trace: FileTrace, context: TraceFindingContext): Finding[] {
  const findings: Finding[] = [];
  for (const statement of trace.statements) {
    const finding = statementFinding(statement, context);
    if (finding) findings.push(finding);
  }
  return findings;
}

function statementFinding(statement: StatementTrace, context: TraceFindingContext): Finding | undefined {
  const at = { source: 'dry-run' as const, path: context.path, line: statement.line, endLine: statement.endLine };
  if (statement.status === 'failed' && statement.error) {
    if (context.templated?.size && (context.templated.has(statement.index) || UNDEFINED_OBJECT.has(statement.error.code))) {
      return { ...at, ruleId: 'dry-run-incomplete-base', severity: 'notice', risk: 'safe', message: templatedMessage(statement) };
    }
    if (UNDEFINED_OBJECT.has(statement.error.code) && context.base.skipped.length > 0) {
      return {
        ...at,
        ruleId: 'dry-run-incomplete-base',
        severity: 'notice',
        risk: 'safe',
        message: incompleteBaseMessage(statement, context.base),
      };
    }
    return { ...at, ruleId: 'dry-run-failed', severity: 'error', risk: 'safe', message: failedMessage(statement, context.engine) };
  }
  if (statement.status === 'timeout' && statement.error) {
    return {
      ...at,
      ruleId: 'dry-run-timeout',
      severity: 'warning',
      risk: 'safe',
      message: `In the dry run this statement ${statement.error.message}. It may run long or never end in production; later statements were not traced.`,
    };
  }
  if (statement.status === 'ok' && statement.rewrittenTables.length > 0 && !context.ruleReported.has(statement.index)) {
    if (context.kinds.get(statement.index) === 'TruncateStmt') return undefined;
    return { ...at, ruleId: 'dry-run-rewrite', severity: 'warning', risk: 'downtime', message: rewriteMessage(statement) };
  }
  return undefined;
}

function failedMessage(statement: StatementTrace, engine: string): string {
  const error = statement.error!;
  const parts = [`PostgreSQL rejects this statement on the base schema: ${error.message} (SQLSTATE ${error.code}).`];
  if (error.detail) parts.push(error.detail);
  if (statement.seededTables?.length)
    parts.push(
      `The dry run had put sample rows into ${statement.seededTables.join(', ')}: a table that already holds rows fails the same way.`,
    );
  parts.push(`The migration stops here; later statements of this file were not traced. (Dry run on ${engine}.)`);
  return parts.join(' ');
}

function incompleteBaseMessage(statement: StatementTrace, base: BaseReplay): string {
  const skipped = base.skipped.slice(0, 3).map((note) => `${note.path}${note.line ? `:${note.line}` : ''} ${note.message}`);
  return (
    `The dry run could not check this migration: ${statement.error!.message}, most likely because the embedded PostgreSQL ` +
    `could not rebuild all of the base schema (${base.skipped.length} base statement(s) skipped, e.g. ${skipped.join('; ')}). ` +
    'Rule verdicts stand for this file.'
  );
}

/** A failure in a file with placeholders: the stand-in names (`_name` for `:name`) may be what failed. */
function templatedMessage(statement: StatementTrace): string {
  return (
    `The dry run could not check this migration: ${statement.error!.message} (SQLSTATE ${statement.error!.code}). ` +
    'The file holds placeholders that its tool fills in before running it (psql variables, @extschema@, ${…}), ' +
    'which the dry run replaced with stand-in names, so the failure may be theirs. Rule verdicts stand for this file.'
  );
}

function rewriteMessage(statement: StatementTrace): string {
  const tables = statement.rewrittenTables.map((name) => `"${name}"`).join(', ');
  const indexes = statement.rewrites.filter((name) => !statement.rewrittenTables.includes(name));
  const indexText = indexes.length > 0 ? ` and its indexes (${indexes.join(', ')})` : '';
  return (
    `The dry run saw PostgreSQL rewrite ${tables}${indexText}: every row is copied while an ACCESS EXCLUSIVE lock blocks ` +
    'all reads and writes, for a time that grows with the table.'
  );
}
