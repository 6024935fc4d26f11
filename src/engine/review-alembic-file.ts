import { analyzeStatements, type RuleFinding } from '../analysis/analyze-statements.js';
import { applyRuleSettings } from '../findings/rule-settings.js';
import { findSuppression, readSuppressions } from '../findings/suppressions.js';
import type { RevisionGraphFacts } from '../parse/alembic/alembic-rule-context.js';
import { readAlembicRevision, type AlembicRevision } from '../parse/alembic/read-revision.js';
import type { ParsedSql } from '../parse/sql/parse-sql.js';
import type { EditedMigration } from '../rules/rule-context.js';
import { alembicRuleFindings, pythonSyntaxFindings, unresolvedFindings } from './alembic-findings.js';
import {
  excuseUnreviewedSuppressions,
  publicFinding,
  suppressionProblems,
  syntaxErrorFindings,
  type SqlFileContext,
  type SqlFileInput,
  type SqlFileResult,
} from './review-sql-file.js';
import { maxRisk, type Risk } from '../review-types/index.js';
import { compareStatements } from './unchanged-statements.js';

/**
 * Reviews one Alembic revision like a SQL migration: its upgrade() is translated into the SQL
 * Alembic sends (statements keep the range of their `op.` call), the SQL rules and the Alembic
 * rules run, then config severities, `# dbarch-ignore` suppressions and risk roll-up. Mutates
 * `facts` with what the revision creates, so later revisions of the change see it.
 */

export interface AlembicFileContext extends SqlFileContext {
  /** Heads of the revision graph before and after the change, when the change has Alembic revisions. */
  graph?: RevisionGraphFacts;
}

export function reviewAlembicFile(input: SqlFileInput, context: AlembicFileContext): SqlFileResult {
  const revision = readAlembicRevision(input.content);
  const parsed = parsedView(revision);
  const implicitTransaction = context.config.migrations.transaction !== 'never';
  const edited = editedRevision(input, revision);
  const analysis = analyzeStatements(parsed, {
    file: { path: input.path, tool: 'alembic', implicitTransaction, wrapping: 'begin', ...(edited ? { edited } : {}) },
    pgVersion: context.config.pgVersion,
    rules: context.rules,
    facts: context.facts,
  });
  const alembic = alembicRuleFindings(input.path, revision, {
    rules: context.rules,
    facts: context.facts,
    implicitTransaction,
    ...(context.graph ? { graph: context.graph } : {}),
  });
  const isSuperseded = (finding: RuleFinding) =>
    alembic.superseded.some((item) => item.ruleId === finding.ruleId && item.statementIndex === finding.statementIndex);
  const raw = [
    ...analysis.findings.filter((finding) => !isSuperseded(finding)),
    ...syntaxErrorFindings(input.path, parsed),
    ...alembic.findings.filter((finding) => !isUnchanged(finding, edited)),
    ...(edited && sameOperations(edited) ? [] : unresolvedFindings(input.path, revision)),
    ...pythonSyntaxFindings(input.path, revision),
  ].map(withoutSqlReplacement);
  const result = finishReview(input, context, raw, parsed, revision, edited);
  const risks = new Map<number, Risk[]>();
  for (const finding of result.kept)
    if (finding.statementIndex !== undefined)
      risks.set(finding.statementIndex, [...(risks.get(finding.statementIndex) ?? []), finding.risk]);
  analysis.statements.forEach((statement, index) => (statement.risk = maxRisk(risks.get(index) ?? [])));
  return {
    path: input.path,
    kind: input.kind,
    tool: 'alembic',
    risk: maxRisk(result.findings.map((finding) => finding.risk)),
    findings: result.findings.map(publicFinding),
    // The COMMIT/BEGIN around autocommit blocks are dbarch's model of Alembic, not statements of the file.
    statements: analysis.statements.filter((_statement, index) => !revision.mapped.synthetic.has(index)),
    suppressed: result.suppressed,
  };
}

/**
 * What an edited applied revision leaves as it was: the SQL its upgrade() operations translate to,
 * compared statement by statement with the base version's. Undefined for other revisions.
 */
function editedRevision(input: SqlFileInput, revision: AlembicRevision): EditedMigration | undefined {
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

/** Config severities and suppressions. A `# dbarch-ignore` above an op call covers every statement the call generates. */
function finishReview(
  input: SqlFileInput,
  context: SqlFileContext,
  raw: RuleFinding[],
  parsed: ParsedSql,
  revision: AlembicRevision,
  edited: EditedMigration | undefined,
) {
  const enabled = new Set(context.rules.map((rule) => rule.id));
  const configured = applyRuleSettings(
    raw.filter((finding) => enabled.has(finding.ruleId)),
    context.config,
  );
  const suppressions = readSuppressions(parsed);
  const firstOfCall = (index: number | undefined) =>
    index === undefined
      ? undefined
      : revision.mapped.statements.find((statement) => statement.start === revision.mapped.statements[index]?.start)?.index;
  const kept = configured.filter((finding) => !findSuppression(suppressions, finding.ruleId, firstOfCall(finding.statementIndex)));
  if (edited) excuseUnreviewedSuppressions(suppressions, edited);
  const problems = suppressionProblems(input.path, suppressions).filter((finding) => enabled.has(finding.ruleId));
  return { kept, findings: [...kept, ...applyRuleSettings(problems, context.config)], suppressed: configured.length - kept.length };
}

/** A rule's exact SQL replacement cannot be pasted over Python: keep the description, drop the text. */
function withoutSqlReplacement(finding: RuleFinding): RuleFinding {
  if (!finding.fix?.replacement) return finding;
  return { ...finding, fix: { description: finding.fix.description } };
}
