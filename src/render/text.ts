import { SEVERITIES, type FileReview, type Review } from '../review-types/index.js';
import { renderDryRunTable } from './text-dry-run.js';
import { renderFinding } from './text-finding.js';
import { fitLine, terminalSafe, terminalSafeLine, wrap } from './text-terminal.js';
import { textStyle, type TextStyle } from './text-style.js';
import { fileRiskLabel, filesReviewedCount, plural, riskHeadline, severityCounts } from './risk-labels.js';
import { sourceLines } from './source-excerpt.js';

/**
 * The terminal output of `dbarch review`, in reading order: per file, its findings in line order
 * (each once: the message, then what to do); the dry run's lock table; what did not run and why;
 * the LLM architect's summary; the rollout plan; and a one-line verdict last, where a reviewer's
 * eye lands. Everything is wrapped to the terminal's width and every piece of text that comes from
 * the change is made terminal-safe (text-terminal.ts). `verbose` is the long form: source excerpts,
 * help, long replacements, docs links and the full rollout plan.
 */
export interface TextRenderOptions {
  /** Head contents by path, for the source excerpts of the long form; files missing here get none. */
  sources: ReadonlyMap<string, string>;
  color: boolean;
  /** Columns to wrap to (the terminal's width; DEFAULT_WIDTH when stdout is not a terminal). */
  width?: number;
  verbose?: boolean;
}

export function renderText(review: Review, options: TextRenderOptions): string {
  const style = textStyle(options);
  const blocks: string[] = [];
  if (review.files.length === 0) blocks.push('No migrations or models to review.');
  for (const file of review.files.filter((candidate) => candidate.skipped === undefined)) {
    blocks.push(renderFile(file, options.sources.get(file.path), style));
  }
  const optional = [
    renderDryRunTable(review, style),
    renderSkipped(review, style),
    renderAdvice(review, style),
    renderRolloutPlan(review, style),
  ];
  blocks.push(...optional.filter((block): block is string => block !== undefined));
  blocks.push(renderVerdict(review, style));
  return `${blocks.join('\n\n')}\n`;
}

function renderFile(file: FileReview, source: string | undefined, style: TextStyle): string {
  const { colors } = style;
  // The tool only where it says more than the kind (not "alembic, alembic").
  const tool = file.tool === file.kind ? undefined : file.tool;
  const details = [file.kind, tool, plural(file.statements.length, 'statement')].filter(Boolean).join(', ');
  const path = terminalSafeLine(file.path);
  // The path stays whole (terminals link it); the details go when the line would not fit.
  const risk = fileRiskLabel(file).label;
  const fits = path.length + risk.length + details.length + 6 <= style.width;
  const header = `${colors.bold(colors.underline(path))}  ${style.risk(file.risk)(risk)}${fits ? `  ${colors.dim(`(${details})`)}` : ''}`;
  if (file.findings.length === 0) return `${header}\n  ${colors.dim('no findings')}`;
  const lines = source === undefined ? undefined : sourceLines(source);
  // Line order; at the same place the most urgent first.
  const ordered = [...file.findings].sort(
    (a, b) => a.line - b.line || (a.column ?? 1) - (b.column ?? 1) || SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity),
  );
  // The long form spans several lines per finding: a blank line between them keeps them apart.
  const separator = style.verbose ? '\n\n' : '\n';
  return [header, ordered.map((finding) => renderFinding(finding, lines, style).join('\n')).join(separator)].join('\n');
}

function renderSkipped(review: Review, style: TextStyle): string | undefined {
  const lines: string[] = [];
  const parts = Object.entries(review.stats.skipped);
  if (parts.length > 0) {
    lines.push(style.colors.bold('Not run:'));
    for (const [part, reason] of parts) lines.push(...wrap(terminalSafe(reason), style.width, `  ${terminalSafeLine(part)}: `, '    '));
  }
  const files = review.files.filter((file) => file.skipped !== undefined);
  if (files.length > 0) {
    lines.push(style.colors.bold('Skipped files:'));
    for (const file of files) lines.push(...wrap(terminalSafe(file.skipped!), style.width, `  ${terminalSafeLine(file.path)}: `, '    '));
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** The LLM architect's summary and its advice on lines outside the change (advice only: no risk). */
function renderAdvice(review: Review, style: TextStyle): string | undefined {
  const { advice } = review;
  const usage = review.stats.llm;
  if (!advice?.summary && !advice?.elsewhere.length && !advice?.notes.length) return undefined;
  const model = usage ? ` (${terminalSafeLine(usage.model)}${usage.cached ? ', cached' : ''})` : '';
  const lines = [style.colors.bold(`Architect review, LLM advice${model}:`)];
  if (advice.summary) lines.push(...wrap(terminalSafe(advice.summary), style.width, '  '));
  for (const item of advice.elsewhere) lines.push(...wrap(terminalSafe(item), style.width, '  - ', '    '));
  for (const note of advice.notes)
    lines.push(...wrap(terminalSafe(note), style.width, '  · ', '    ').map((line) => style.colors.dim(line)));
  return lines.join('\n');
}

/**
 * The plan's general precautions, then its per-finding steps. Those repeat the fix each finding
 * above already shows, so the short form says so in one step; `--verbose` lists them.
 */
function renderRolloutPlan(review: Review, style: TextStyle): string | undefined {
  if (review.risk === 'safe' || review.rolloutPlan.length === 0) return undefined;
  const prefixes = review.files.map((file) => `\`${file.path}\` line `);
  const isFindingStep = (step: string) => prefixes.some((prefix) => step.startsWith(prefix));
  const general = review.rolloutPlan.filter((step) => !isFindingStep(step));
  const perFinding = review.rolloutPlan.filter(isFindingStep);
  const steps = style.verbose ? [...general, ...perFinding] : general;
  if (!style.verbose && perFinding.length > 0) {
    steps.push(
      `Then apply the fix shown with each risky finding above, migration by migration (${plural(perFinding.length, 'step')}; --verbose lists them).`,
    );
  }
  const lines = [style.colors.bold('Rollout plan:')];
  for (const [index, step] of steps.entries()) {
    const number = `  ${index + 1}. `;
    const [first = '', ...rest] = terminalSafe(step).split(/\r?\n/);
    lines.push(...wrap(first, style.width, number));
    // A step's own numbered sub-steps go on further lines, under the step's text.
    for (const line of rest) lines.push(...wrap(line, style.width, ' '.repeat(number.length + 2), ' '.repeat(number.length + 5)));
  }
  return lines.join('\n');
}

/**
 * "Risk: destructive — 3 files reviewed, 15 statements, 13 findings (8 errors, …)", on one line:
 * where that does not fit the width, the statement count and the total go; the label (the
 * reviewed range or paths) gets what room is left.
 */
function renderVerdict(review: Review, style: TextStyle): string {
  const { stats } = review;
  // Counted from the files listed (skipped, not reviewed), so the verdict and the list always agree.
  const files = filesReviewedCount(review);
  const counts = review.findings.length > 0 ? severityCounts(review.findings) : undefined;
  const suppressed = stats.suppressed > 0 ? `, ${stats.suppressed} suppressed` : '';
  const verdict = `Risk: ${riskHeadline(review)}`;
  const long = ` — ${files}, ${plural(stats.statements, 'statement')}, ${plural(review.findings.length, 'finding')}${counts ? ` (${counts})` : ''}${suppressed}`;
  const short = ` — ${files}, ${counts ?? 'no findings'}${suppressed}`;
  const details = verdict.length + long.length <= style.width ? long : short;
  const room = style.width - verdict.length - details.length - 3;
  const label = review.label && room > 8 ? ` ${style.colors.dim(`[${fitLine(terminalSafeLine(review.label), room)}]`)}` : '';
  return `${style.risk(review.risk)(verdict)}${details}${label}`;
}
