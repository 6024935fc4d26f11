import type { Finding } from '../review-types/index.js';
import { excerptLines } from './source-excerpt.js';
import { terminalSafe, terminalSafeLine, wrap } from './text-terminal.js';
import type { TextStyle } from './text-style.js';

/**
 * One finding in the terminal report. Short form: `path:line:col  severity  rule` (the shape
 * terminals and editors turn into links), the message (which says what to do in words), then the
 * fix when there is one. `--verbose` adds the underlined source, the rule's help, a long
 * replacement and the docs link.
 */

/** A replacement this short is part of the short form: it is the fix. */
const SHORT_REPLACEMENT_LINES = 3;
const BODY = '    ';

export function renderFinding(finding: Finding, source: readonly string[] | undefined, style: TextStyle): string[] {
  const { colors, width, verbose } = style;
  const position = `${terminalSafeLine(finding.path)}:${finding.line}:${finding.column ?? 1}`;
  const origin = finding.source === 'rule' ? '' : colors.dim(` [${finding.source}]`);
  const lines = [
    `${position}  ${style.severity(finding.severity)(finding.severity)}  ${colors.bold(terminalSafeLine(finding.ruleId))}${origin}`,
  ];
  lines.push(...wrap(terminalSafe(finding.message), width, BODY));
  if (verbose && source !== undefined) lines.push(...renderExcerpt(finding, source, style));
  // The message already says what to do in words; the help says it again, so only the long form shows it.
  if (verbose && finding.help) lines.push(...labelled('help:', finding.help, style, colors.cyan));
  if (finding.fix) lines.push(...labelled('fix:', finding.fix.description, style, colors.green));
  const replacement = finding.fix?.replacement;
  if (replacement !== undefined && (verbose || replacement.split('\n').length <= SHORT_REPLACEMENT_LINES)) {
    for (const line of terminalSafe(replacement).split(/\r?\n/)) lines.push(`${BODY}  ${colors.green(line)}`);
  }
  if (verbose && finding.docsUrl) lines.push(`${BODY}${colors.dim(`docs: ${terminalSafeLine(finding.docsUrl)}`)}`);
  return lines;
}

/**
 * `fix: …` with the text wrapped under its first word; a numbered step on its own line keeps its
 * continuation lines under the step's text.
 */
function labelled(label: string, text: string, style: TextStyle, color: (text: string) => string): string[] {
  const indent = `${BODY}${' '.repeat(label.length + 1)}`;
  const output: string[] = [];
  for (const [index, line] of terminalSafe(text).split(/\r?\n/).entries()) {
    const step = /^\d+\.\s+/.exec(line)?.[0] ?? '';
    const first = index === 0 ? `${BODY}${label} ` : indent;
    output.push(...wrap(line, style.width, first, `${indent}${' '.repeat(step.length)}`));
  }
  // The label is coloured after wrapping, so its escape codes never count towards the width.
  output[0] = output[0]!.replace(label, color(label));
  return output;
}

function renderExcerpt(finding: Finding, source: readonly string[], style: TextStyle): string[] {
  const excerpt = excerptLines(source, finding);
  const gutterWidth = String(Math.max(finding.line, finding.endLine)).length;
  const room = Math.max(20, style.width - BODY.length - gutterWidth - 3);
  const output: string[] = [];
  for (const line of excerpt) {
    const gutter = line.number === undefined ? ' '.repeat(gutterWidth) : String(line.number).padStart(gutterWidth);
    // Cut to the terminal's width; the underline below follows the kept part.
    const text = terminalSafeLine(line.text);
    output.push(`${BODY}${style.colors.dim(`${gutter} |`)} ${text.length > room ? `${text.slice(0, room - 1)}…` : text}`);
    if (line.number === undefined) continue;
    const start = Math.min(line.underlineStart, room - 1);
    const carets = '^'.repeat(Math.max(1, Math.min(line.underlineEnd, room) - start));
    output.push(
      `${BODY}${style.colors.dim(`${' '.repeat(gutterWidth)} |`)} ${style.severity(finding.severity)(`${' '.repeat(Math.max(0, start))}${carets}`)}`,
    );
  }
  return output;
}
