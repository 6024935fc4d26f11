import picocolors from 'picocolors';
import type { FileReview, Finding, Review, Risk, Severity } from '../engine/types.js';
import { dryRunBaseText, dryRunStops, formatMs } from './dry-run-facts.js';
import { excerptLines, sourceLines } from './source-excerpt.js';
import { plural, severityCounts } from './risk-labels.js';

/**
 * The terminal output of `dbarch review`: per file, each finding as `path:line:col  severity  rule
 * message` (the shape editors and terminals turn into links), the source underlined, help and fix.
 */
export interface TextRenderOptions {
  /** Head contents by path, for the source excerpts; files missing here get no excerpt. */
  sources: ReadonlyMap<string, string>;
  color: boolean;
}

type Colors = ReturnType<typeof picocolors.createColors>;

export function renderText(review: Review, options: TextRenderOptions): string {
  const colors = picocolors.createColors(options.color);
  const blocks: string[] = [];
  if (review.files.length === 0) blocks.push('No migrations or models to review.');
  for (const file of review.files.filter((candidate) => candidate.skipped === undefined)) {
    blocks.push(renderFile(file, options.sources.get(file.path), colors));
  }
  const dryRun = renderDryRun(review, colors);
  if (dryRun) blocks.push(dryRun);
  const skipped = renderSkipped(review, colors);
  if (skipped) blocks.push(skipped);
  if (review.risk !== 'safe' && review.rolloutPlan.length > 0) blocks.push(renderRolloutPlan(review, colors));
  blocks.push(renderSummary(review, colors));
  return `${blocks.join('\n\n')}\n`;
}

function riskColor(risk: Risk, colors: Colors): (text: string) => string {
  if (risk === 'destructive') return (text) => colors.bold(colors.red(text));
  if (risk === 'downtime') return (text) => colors.bold(colors.yellow(text));
  return colors.green;
}

function severityColor(severity: Severity, colors: Colors): (text: string) => string {
  if (severity === 'error') return colors.red;
  if (severity === 'warning') return colors.yellow;
  return colors.cyan;
}

function renderFile(file: FileReview, source: string | undefined, colors: Colors): string {
  const details = [file.kind, file.tool, plural(file.statements.length, 'statement')].filter(Boolean).join(', ');
  const header = `${colors.bold(colors.underline(file.path))}  ${riskColor(file.risk, colors)(file.risk)}  ${colors.dim(`(${details})`)}`;
  if (file.findings.length === 0) return `${header}\n  ${colors.dim('no findings')}`;
  // A blank line between findings: each spans several lines once its excerpt is shown.
  const lines = source === undefined ? undefined : sourceLines(source);
  return [header, file.findings.map((finding) => renderFinding(finding, lines, colors)).join('\n\n')].join('\n');
}

function renderFinding(finding: Finding, source: readonly string[] | undefined, colors: Colors): string {
  const position = `${finding.path}:${finding.line}:${finding.column ?? 1}`;
  const origin = finding.source === 'rule' ? '' : colors.dim(` [${finding.source}]`);
  const lines = [
    `${position}  ${severityColor(finding.severity, colors)(finding.severity)}  ${colors.bold(finding.ruleId)}${origin}  ${finding.message}`,
  ];
  if (source !== undefined) lines.push(...renderExcerpt(finding, source, colors));
  if (finding.help) lines.push(`    ${colors.cyan('help:')} ${finding.help}`);
  if (finding.fix) lines.push(...renderFix(finding, colors));
  if (finding.docsUrl) lines.push(`    ${colors.dim(`docs: ${finding.docsUrl}`)}`);
  return lines.join('\n');
}

function renderExcerpt(finding: Finding, source: readonly string[], colors: Colors): string[] {
  const excerpt = excerptLines(source, finding);
  const width = String(Math.max(finding.line, finding.endLine)).length;
  const output: string[] = [];
  for (const line of excerpt) {
    const gutter = line.number === undefined ? ' '.repeat(width) : String(line.number).padStart(width);
    output.push(`    ${colors.dim(`${gutter} |`)} ${line.text}`);
    if (line.number === undefined) continue;
    const carets = '^'.repeat(Math.max(1, line.underlineEnd - line.underlineStart));
    const underline = `${' '.repeat(Math.max(0, line.underlineStart))}${carets}`;
    output.push(`    ${colors.dim(`${' '.repeat(width)} |`)} ${severityColor(finding.severity, colors)(underline)}`);
  }
  return output;
}

function renderFix(finding: Finding, colors: Colors): string[] {
  const fix = finding.fix!;
  // Multi-step fixes come as several lines: keep the steps aligned under the label.
  const [first, ...rest] = fix.description.split(/\r?\n/);
  const lines = [`    ${colors.green('fix:')} ${first}`, ...rest.map((line) => `         ${line}`)];
  if (fix.replacement !== undefined) {
    for (const line of fix.replacement.split(/\r?\n/)) lines.push(`      ${colors.green(line)}`);
  }
  return lines;
}

/** "Dry run: PGlite 0.5.16 (PostgreSQL 18.6), base of 7 migrations (cached) · 1.2 s; failed: db/002.sql:3" */
function renderDryRun(review: Review, colors: Colors): string | undefined {
  const summary = review.dryRun;
  if (!summary) return undefined;
  const stops = dryRunStops(review);
  const parts = [`${summary.engine}, ${dryRunBaseText(summary)} · ${formatMs(summary.durationMs)}`];
  if (stops.failed.length > 0) parts.push(colors.red(`failed: ${stops.failed.join(', ')}`));
  if (stops.timeout.length > 0) parts.push(colors.yellow(`stopped (time limit): ${stops.timeout.join(', ')}`));
  // What was not run or ran on stand-ins (the server guard's skips among them) must show in every format.
  const notes = summary.notes.map((note) => `  ${note}`);
  return [`${colors.bold('Dry run:')} ${parts.join('; ')}`, ...notes].join('\n');
}

function renderSkipped(review: Review, colors: Colors): string | undefined {
  const lines: string[] = [];
  const parts = Object.entries(review.stats.skipped);
  if (parts.length > 0) {
    lines.push(colors.bold('Not run:'));
    for (const [part, reason] of parts) lines.push(`  ${part}: ${reason}`);
  }
  const files = review.files.filter((file) => file.skipped !== undefined);
  if (files.length > 0) {
    lines.push(colors.bold('Skipped files:'));
    for (const file of files) lines.push(`  ${file.path}: ${file.skipped}`);
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}

function renderRolloutPlan(review: Review, colors: Colors): string {
  // A step may carry its own numbered sub-steps on further lines: indent them under the step.
  const steps = review.rolloutPlan.map((step, index) => `  ${index + 1}. ${step.split(/\r?\n/).join('\n       ')}`);
  return [colors.bold('Rollout plan:'), ...steps].join('\n');
}

function renderSummary(review: Review, colors: Colors): string {
  const { stats } = review;
  // Counted from the files listed as skipped, so the summary and that list always agree.
  const skippedFiles = review.files.filter((file) => file.skipped !== undefined).length;
  const files = `${plural(stats.filesReviewed, 'file')} reviewed${skippedFiles > 0 ? ` (${skippedFiles} skipped)` : ''}`;
  const findings = `${plural(review.findings.length, 'finding')}${review.findings.length > 0 ? ` (${severityCounts(review.findings)})` : ''}`;
  const suppressed = stats.suppressed > 0 ? `, ${stats.suppressed} suppressed` : '';
  const label = review.label ? ` ${colors.dim(`[${review.label}]`)}` : '';
  const verdict = riskColor(review.risk, colors)(`Risk: ${review.risk}`);
  return `${verdict} — ${files}, ${plural(stats.statements, 'statement')}, ${findings}${suppressed}${label}`;
}
