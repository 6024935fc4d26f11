import type { Rule } from '../../rules/api/define-rule.js';
import { ruleFinding } from '../../rules/api/rule-finding.js';
import dryRunFailed from '../../rules/dry-run-failed.js';
import dryRunIncompleteBase from '../../rules/dry-run-incomplete-base.js';
import dryRunRewrite from '../../rules/dry-run-rewrite.js';
import dryRunTimeout from '../../rules/dry-run-timeout.js';
import type { Finding } from '../../review-types/index.js';
import type { BaseReplay, FileTrace, StatementTrace } from '../types.js';

/**
 * Findings from one file's trace: a statement PostgreSQL rejected (dry-run-failed), one still
 * running at its limit (dry-run-timeout, an error: it would hang the deploy) or a file whose own
 * budget ran out (dry-run-timeout on the file, a warning), an observed rewrite of a base table
 * (dry-run-rewrite), and a notice when a statement could not be checked (dry-run-incomplete-base):
 * it needs objects the base lacks and no stand-in made it run, or placeholders ran as stand-in names.
 */

import { UNDEFINED_OBJECT } from './trace-statements.js';

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
  /** Statements that ALTER a column's TYPE: on a stand-in (guessed column types) their rewrite proves nothing. */
  altersColumnType?: ReadonlySet<number>;
}

export function traceFindings(trace: FileTrace, context: TraceFindingContext): Finding[] {
  const findings: Finding[] = [];
  if (trace.budgetExhausted) findings.push(budgetFinding(trace, context));
  for (const statement of trace.statements) {
    const finding = statementFinding(statement, context);
    if (finding) findings.push(finding);
  }
  return findings;
}

function statementFinding(statement: StatementTrace, context: TraceFindingContext): Finding | undefined {
  const at = { path: context.path, line: statement.line, endLine: statement.endLine };
  const found = (rule: Rule, message: string) => ruleFinding(rule, at, { message }, 'dry-run');
  if (statement.status === 'failed' && statement.error) {
    if (context.templated?.size && (context.templated.has(statement.index) || UNDEFINED_OBJECT.has(statement.error.code))) {
      return found(dryRunIncompleteBase, templatedMessage(statement));
    }
    return found(dryRunFailed, failedMessage(statement, context.engine));
  }
  if (statement.status === 'skipped' && statement.uncheckable) {
    // A placeholder's stand-in name (`:app_role` → `_app_role`) is the likelier cause than the base.
    const templated = context.templated?.has(statement.index) && statement.error;
    return found(dryRunIncompleteBase, templated ? templatedMessage(statement) : uncheckableMessage(statement, context.base));
  }
  if (statement.status === 'timeout' && statement.error) return found(dryRunTimeout, timeoutMessage(statement));
  if (statement.status === 'ok' && statement.rewrittenTables.length > 0 && !context.ruleReported.has(statement.index)) {
    if (context.kinds.get(statement.index) === 'TruncateStmt') return undefined;
    if (statement.standIns?.length && context.altersColumnType?.has(statement.index)) return undefined;
    return found(dryRunRewrite, rewriteMessage(statement));
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
  if (statement.standIns?.length)
    parts.push(`It ran on stand-ins for what the base lacks (${statement.standIns.join(', ')}): the failure is the statement's own.`);
  parts.push(`The migration stops here; later statements of this file were not traced. (Dry run on ${engine}.)`);
  return parts.join(' ');
}

function uncheckableMessage(statement: StatementTrace, base: BaseReplay): string {
  const why = /^role ".*" does not exist/.test(statement.error?.message ?? '')
    ? "roles belong to the database cluster, not to the migrations: the database this runs on has the roles its operators made, the dry run's only those the replayed migrations create"
    : base.skipped.length > 0
      ? `the embedded PostgreSQL could not rebuild all of the base schema (${base.skipped.length} base statement(s) skipped, e.g. ${base.skipped
          .slice(0, 3)
          .map((note) => `${note.path}${note.line ? `:${note.line}` : ''} ${note.message}`)
          .join('; ')})`
      : 'the reviewed files do not create everything it needs (the tables exist in production, not in the dry run)';
  const standIns = statement.standIns?.length ? ` It ran on stand-ins (${statement.standIns.join(', ')}) and still failed.` : '';
  return (
    `The dry run could not check this statement: ${statement.error?.message ?? statement.note ?? 'it needs objects the base lacks'}, because ${why}.` +
    `${standIns} Its locks and rewrites were not observed; rule verdicts stand for it.`
  );
}

function timeoutMessage(statement: StatementTrace): string {
  const error = statement.error!;
  if (error.code === 'memory')
    return `In the dry run this statement made the embedded PostgreSQL's ${error.message} and was stopped: on production data it may take far more. Later statements of this file were not traced.`;
  return (
    `In the dry run this statement was ${error.message} (the dry run's limit for one statement), on a database holding only the base ` +
    'schema and a few thousand sample rows, and was stopped. In production it may run far longer or never end, holding its locks ' +
    'and hanging the deploy. Later statements of this file were not traced.'
  );
}

/** On the file's first statement: which statement was running when the budget ran out is chance. */
function budgetFinding(trace: FileTrace, context: TraceFindingContext): Finding {
  const first = trace.statements[0];
  const limit = trace.budgetExhausted!.limitMs;
  // A warning, not the rule's error: no statement was seen to hang, the file as a whole took long.
  return ruleFinding(
    dryRunTimeout,
    { path: context.path, line: first?.line ?? 1, endLine: first?.endLine ?? 1 },
    {
      severity: 'warning',
      risk: 'safe',
      message:
        `The dry run's time budget for this file (${limit} ms for all its statements) ran out before every statement was traced; ` +
        'no single statement passed its own limit. The statements after that point were not checked; rule verdicts stand for them.',
    },
    'dry-run',
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
