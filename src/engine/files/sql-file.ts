import { analyzeStatements } from '../../analysis/analyze-statements.js';
import { forwardPart, reverseMigrationReason, runsInImplicitTransaction, transactionWrapping } from '../../classify/migration-tool.js';
import type { Config } from '../../config/schema.js';
import { deferOverlaps } from '../../findings/defer-overlaps.js';
import { finishFile } from '../../findings/finish-file.js';
import { readSuppressions } from '../../findings/suppressions.js';
import { parseSql, type ParsedSql, type SqlStatement } from '../../parse/sql/parse-sql.js';
import type { EditedMigration } from '../../rules/api/sql-context.js';
import type { FileReview } from '../../review-types/index.js';
import { dryRunStatements } from '../evidence/dry-run-input.js';
import type { FileReviewer, ReviewableFile, ReviewContext, ReviewedFile } from './file-reviewer.js';
import { syntaxErrorFindings } from './syntax-errors.js';
import { compareStatements } from './unchanged-statements.js';

/**
 * Reviews a SQL migration (plain SQL, Prisma's migration.sql): parse its forward part → the rules,
 * with the facts the files before it left (and updated with what it creates, for the files after
 * it) → syntax errors → finishFile. A rollback script is listed with the reason, never reviewed.
 */
export const sqlFileReviewer: FileReviewer = {
  review(file, context) {
    const rollback = reverseMigrationReason(file.path, file.content);
    if (rollback) {
      return {
        review: { path: file.path, kind: file.kind, tool: file.tool, risk: 'safe', findings: [], statements: [], skipped: rollback },
        suppressed: 0,
      };
    }
    const parsed = parseSql(forwardPart(file.tool, file.content));
    const edited = editedMigration(file, parsed);
    const analysis = analyzeStatements(parsed, {
      file: {
        path: file.path,
        tool: file.tool,
        implicitTransaction: transactionDefault(file, context.config, parsed.statements),
        wrapping: transactionWrapping(file.tool, file.content),
        ...(edited ? { edited } : {}),
      },
      pgVersion: context.config.pgVersion,
      rules: context.rules,
      facts: context.facts,
    });
    const outcome: ReviewedFile = finishFile(
      {
        path: file.path,
        kind: file.kind,
        tool: file.tool,
        statements: analysis.statements,
        findings: deferOverlaps([...analysis.findings, ...syntaxErrorFindings(file.path, parsed)], context.rules),
        suppressions: readSuppressions(parsed),
        ...(edited ? { edited } : {}),
      },
      context,
    );
    if (context.dryRun) outcome.dryRunStatements = dryRunStatements(parsed.statements, analysis.statements);
    return outcome;
  },
};

/** What an edited applied migration leaves unchanged (see unchanged-statements.ts); undefined for other files. */
function editedMigration(file: ReviewableFile, parsed: ParsedSql): EditedMigration | undefined {
  if (!file.applied) return undefined;
  if (file.applied.content === undefined) return { unchanged: new Set(), changed: parsed.statements.length, removed: 0, compared: false };
  const previous = parseSql(forwardPart(file.tool, file.applied.content));
  return { ...compareStatements(parsed.statements, previous.statements), compared: true };
}

function transactionDefault(file: ReviewableFile, config: Config, statements: readonly SqlStatement[]): boolean {
  const mode = config.migrations.transaction;
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  return runsInImplicitTransaction(file.tool, file.content, statements);
}

/** For callers that review one SQL file on its own (tests, benchmarks): the facts are updated in place. */
export function reviewSqlFile(
  file: Omit<ReviewableFile, 'status'>,
  context: Pick<ReviewContext, 'config' | 'rules' | 'facts'>,
): FileReview & { suppressed: number } {
  const { review, suppressed } = sqlFileReviewer.review({ status: 'added', ...file }, { ...context, change: {}, dryRun: false });
  return { ...review, suppressed };
}
