import { analyzeStatements } from '../../analysis/analyze-statements.js';
import { finishFile } from '../../findings/finish-file.js';
import { readSuppressions } from '../../findings/suppressions.js';
import { readAlembicRevision, type AlembicRevision } from '../../parse/alembic/index.js';
import type { ParsedSql } from '../../parse/sql/parse-sql.js';
import type { EditedMigration } from '../../rules/api/sql-context.js';
import type { FileReview, RuleFinding } from '../../review-types/index.js';
import { alembicRuleFindings, pythonSyntaxFindings, unresolvedFindings } from './alembic-findings.js';
import type { FileReviewer, ReviewableFile, ReviewContext } from './file-reviewer.js';
import { syntaxErrorFindings } from './syntax-errors.js';
import { compareStatements } from './unchanged-statements.js';

/**
 * Reviews one Alembic revision like a SQL migration: its upgrade() is translated into the SQL
 * Alembic sends (statements keep the range of their `op.` call), the SQL rules and the Alembic
 * rules run, then finishFile (config severities, `# dbarch-ignore` suppressions, risk). Updates
 * the facts with what the revision creates, so later revisions of the change see it.
 */

export const alembicFileReviewer: FileReviewer = {
  review(file, context) {
    const revision = readAlembicRevision(file.content);
    const parsed = parsedView(revision);
    const implicitTransaction = context.config.migrations.transaction !== 'never';
    const edited = editedRevision(file, revision);
    const analysis = analyzeStatements(parsed, {
      file: { path: file.path, tool: 'alembic', implicitTransaction, wrapping: 'begin', ...(edited ? { edited } : {}) },
      pgVersion: context.config.pgVersion,
      rules: context.rules,
      facts: context.facts,
    });
    const alembic = alembicRuleFindings(file.path, revision, {
      rules: context.rules,
      facts: context.facts,
      implicitTransaction,
      ...(context.change.alembic ? { graph: context.change.alembic.graph } : {}),
    });
    const isSuperseded = (finding: RuleFinding) =>
      alembic.superseded.some((item) => item.ruleId === finding.ruleId && item.statementIndex === finding.statementIndex);
    const findings = [
      ...analysis.findings.filter((finding) => !isSuperseded(finding)),
      ...syntaxErrorFindings(file.path, parsed),
      ...alembic.findings.filter((finding) => !isUnchanged(finding, edited)),
      ...(edited && sameOperations(edited) ? [] : unresolvedFindings(file.path, revision)),
      ...pythonSyntaxFindings(file.path, revision),
    ].map(withoutSqlReplacement);
    // A `# dbarch-ignore` above an op call covers every statement the call generates.
    const statements = revision.mapped.statements;
    const firstOfCall = (index: number | undefined) =>
      index === undefined ? undefined : statements.find((statement) => statement.start === statements[index]?.start)?.index;
    const outcome = finishFile(
      {
        path: file.path,
        kind: file.kind,
        tool: 'alembic',
        statements: analysis.statements,
        findings,
        suppressions: readSuppressions(parsed),
        suppressionTarget: firstOfCall,
        ...(edited ? { edited } : {}),
      },
      context,
    );
    // The COMMIT/BEGIN around autocommit blocks are dbarch's model of Alembic, not statements of the file.
    outcome.review.statements = outcome.review.statements.filter((_statement, index) => !revision.mapped.synthetic.has(index));
    return outcome;
  },
};

/** For callers that review one revision on its own (tests, benchmarks): the facts are updated in place. */
export function reviewAlembicFile(
  file: Omit<ReviewableFile, 'status'>,
  context: Pick<ReviewContext, 'config' | 'rules' | 'facts'>,
): FileReview & { suppressed: number } {
  const { review, suppressed } = alembicFileReviewer.review({ status: 'added', ...file }, { ...context, change: {}, dryRun: false });
  return { ...review, suppressed };
}

/**
 * What an edited applied revision leaves as it was: the SQL its upgrade() operations translate to,
 * compared statement by statement with the base version's. Undefined for other revisions.
 */
function editedRevision(input: ReviewableFile, revision: AlembicRevision): EditedMigration | undefined {
  if (!input.applied) return undefined;
  const statements = revision.mapped.statements;
  if (input.applied.content === undefined) return { unchanged: new Set(), changed: statements.length, removed: 0, compared: false };
  const previous = readAlembicRevision(input.applied.content).mapped.statements;
  return { ...compareStatements(statements, previous), compared: true };
}

/** Operations alike before and after (a reformat, an import change): nothing to say about the revision. */
function sameOperations(edited: EditedMigration): boolean {
  return edited.compared && edited.changed === 0 && edited.removed === 0;
}

function isUnchanged(finding: RuleFinding, edited: EditedMigration | undefined): boolean {
  if (!edited) return false;
  if (finding.statementIndex !== undefined) return edited.unchanged.has(finding.statementIndex);
  // File-level findings (a missing downgrade) stand when operations changed; when all are as they
  // were, they were said when the revision was added.
  return sameOperations(edited);
}

/** The revision as the SQL pipeline sees it: the Python text and lines, the generated statements, Python comments. */
function parsedView(revision: AlembicRevision): ParsedSql {
  return {
    text: revision.lines.text,
    lines: revision.lines,
    statements: revision.mapped.statements,
    errors: revision.mapped.errors,
    metaCommands: [],
    comments: revision.comments,
  };
}

/** A rule's exact SQL replacement cannot be pasted over Python: keep the description, drop the text. */
function withoutSqlReplacement(finding: RuleFinding): RuleFinding {
  if (!finding.fix?.replacement) return finding;
  return { ...finding, fix: { description: finding.fix.description } };
}
