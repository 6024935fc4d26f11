import type { FileReview, Finding, RelationLock, Review, Risk, StatementReport } from '../review-types/index.js';
import { dryRunCell, hasDryRun } from './markdown-dry-run.js';
import { hasTableSizes, tableSizeCell } from './markdown-table-size.js';
import { codeBlock, escapeMarkdownProse, escapeMarkdownText, inlineCode, safeLink, tableCode } from './escape-markdown.js';
import {
  fileRiskLabel,
  filesReviewedCount,
  isUnreviewed,
  plural,
  RISK_EMOJI,
  riskEmoji,
  riskHeadline,
  severityCounts,
} from './risk-labels.js';

/**
 * The parts of the sticky summary comment. Every piece of text that comes from the pull request
 * (paths, statement text, messages, relation names) goes through escape-markdown.ts.
 */

const VERDICT: Record<Risk, string> = {
  safe: 'Safe to deploy: no statement holds more than a brief lock on an existing table.',
  downtime:
    'Risk of downtime: some statements block reads or writes on existing tables for a time that grows with the table, or break the application version that is running.',
  destructive: 'Destructive: this change can lose data irreversibly.',
};

export function riskBadge(risk: Risk): string {
  return `${RISK_EMOJI[risk]} ${risk}`;
}

export function verdictSection(review: Review): string {
  const counts = [
    filesReviewedCount(review),
    plural(review.stats.statements, 'statement'),
    review.findings.length > 0 ? `${plural(review.findings.length, 'finding')} (${severityCounts(review.findings)})` : 'no findings',
  ];
  if (review.stats.suppressed > 0) counts.push(`${review.stats.suppressed} suppressed`);
  const label = review.label ? ` · ${inlineCode(review.label)}` : '';
  return `## ${riskEmoji(review)} dbarch: ${riskHeadline(review)}\n\n**${verdictText(review)}**\n\n${counts.join(' · ')}${label}`;
}

/** Never "safe to deploy" while a file could not be read: what it does is unknown. */
function verdictText(review: Review): string {
  const unreviewed = review.files.filter((file) => file.skipped === undefined && isUnreviewed(file)).length;
  if (unreviewed === 0) return VERDICT[review.risk];
  const why = `${plural(unreviewed, 'file')} could not be reviewed, so what ${unreviewed === 1 ? 'it does' : 'they do'} to the database is unknown`;
  return review.risk === 'safe' ? `Not known to be safe: ${why}.` : `${VERDICT[review.risk]} And ${why}.`;
}

/** Rows of the overview table; beyond the limit a last row says how many were left out. */
export function overviewTable(files: readonly FileReview[], maxRows: number): string {
  if (files.length === 0) return '_No migrations or models changed._';
  const rows = files.slice(0, maxRows).map((file) => {
    const findings = file.findings.length > 0 ? severityCounts(file.findings) : '—';
    const risk = fileRiskLabel(file);
    return `| ${tableCode(file.path)} | ${file.kind} | ${risk.emoji} ${risk.label} | ${findings} |`;
  });
  if (files.length > maxRows) rows.push(`| … and ${plural(files.length - maxRows, 'more file')} | | | |`);
  return ['| File | Kind | Risk | Findings |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function fileSection(file: FileReview, compact: boolean): string {
  const risk = fileRiskLabel(file);
  const parts = [`### ${risk.emoji} ${inlineCode(file.path)} — ${risk.label}`];
  if (!compact && file.statements.length > 0) parts.push(statementsBlock(file));
  if (file.findings.length > 0) {
    const items = file.findings.map((finding) => (compact ? findingLine(finding) : findingItem(finding)));
    parts.push(items.join('\n'));
  } else if (file.statements.length === 0) {
    parts.push('_No statements._');
  }
  if (compact) parts.push('_Statements, help and fixes left out to fit the comment size limit._');
  return parts.join('\n\n');
}

/** Risky files show their statements; an all-safe file folds them away. */
function statementsBlock(file: FileReview): string {
  const table = statementsTable(file.statements);
  if (file.risk !== 'safe') return table;
  return `<details><summary>${plural(file.statements.length, 'statement')}, all safe</summary>\n\n${table}\n\n</details>`;
}

function statementsTable(statements: readonly StatementReport[]): string {
  // With a dry run, a "Dry run" column says what it observed (markdown-dry-run.ts); with production
  // statistics, a "Table size · estimate" column what the lock is estimated to cost (markdown-table-size.ts).
  const dryRun = hasDryRun(statements);
  const sizes = hasTableSizes(statements);
  const header = ['Line', 'Statement', 'Locks', ...(sizes ? ['Table size · estimate'] : []), ...(dryRun ? ['Dry run'] : []), 'Risk'];
  const rows = statements.map((statement) => {
    const locks = statement.locks.length > 0 ? statement.locks.map(lockText).join('<br>') : '—';
    const cells = [String(statement.line), tableCode(statement.summary), locks];
    if (sizes) cells.push(tableSizeCell(statement));
    if (dryRun) cells.push(dryRunCell(statement));
    cells.push(riskBadge(statement.risk));
    return `| ${cells.join(' | ')} |`;
  });
  const alignment = header.map((name) => (name === 'Line' ? '---:' : '---'));
  return [`| ${header.join(' | ')} |`, `| ${alignment.join(' | ')} |`, ...rows].join('\n');
}

function lockText(lock: RelationLock): string {
  const blocks = lock.blocks ? `, blocks ${escapeMarkdownText(lock.blocks)}` : '';
  return `${tableCode(lock.relation)} ${lock.mode}${blocks}`;
}

function findingHeadline(finding: Finding): string {
  const origin = finding.source === 'rule' ? '' : ` (${finding.source === 'llm' ? 'LLM advice' : 'dry run'})`;
  const rule = safeLink(inlineCode(finding.ruleId), finding.docsUrl);
  const lines = finding.endLine > finding.line ? `lines ${finding.line}–${finding.endLine}` : `line ${finding.line}`;
  return `**${finding.severity}** ${rule}${origin} · ${lines}: ${escapeMarkdownProse(finding.message)}`;
}

function findingLine(finding: Finding): string {
  return `- ${findingHeadline(finding)}`;
}

function findingItem(finding: Finding): string {
  const lines = [`- ${findingHeadline(finding)}`];
  if (finding.help) lines.push(`  ${escapeMarkdownProse(finding.help)}`);
  if (finding.fix) {
    lines.push(`  **Fix:** ${escapeMarkdownProse(finding.fix.description)}`);
    if (finding.fix.replacement !== undefined) lines.push('', indent(codeBlock(finding.fix.replacement), '  '));
  }
  // Hard line breaks between the headline, help and fix keep them in one list item.
  return lines.map((line, index) => (index < lines.length - 1 && line !== '' ? `${line}  ` : line)).join('\n');
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `${prefix}${line}`))
    .join('\n');
}

export function rolloutSection(review: Review): string | undefined {
  if (review.risk === 'safe' || review.rolloutPlan.length === 0) return undefined;
  const steps = review.rolloutPlan.map((step, index) => `${index + 1}. ${escapeMarkdownProse(step)}`);
  return ['### Safe rollout plan', ...steps].join('\n');
}

export function skippedSection(review: Review): string | undefined {
  const items = Object.entries(review.stats.skipped).map(
    ([part, reason]) => `- ${escapeMarkdownText(part)}: ${escapeMarkdownProse(reason)}`,
  );
  for (const file of review.files) {
    if (file.skipped !== undefined) items.push(`- ${inlineCode(file.path)}: ${escapeMarkdownProse(file.skipped)}`);
  }
  return items.length > 0 ? ['### Not reviewed', ...items].join('\n') : undefined;
}
