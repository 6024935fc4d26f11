import type { Review } from '../review-types/index.js';
import { adviceSection } from './markdown-advice.js';
import { dryRunSection } from './markdown-dry-run.js';
import { fileSection, overviewTable, rolloutSection, skippedSection, verdictSection } from './markdown-sections.js';
import { toolInfo } from './tool-info.js';

/**
 * The body of the sticky summary comment on a pull request (and `--format markdown`). The hidden
 * marker lets the GitHub adapter find its own comment again and edit it in place.
 */
export const SUMMARY_MARKER = '<!-- dbarch:summary -->';

/** GitHub rejects comment bodies over 65,536 characters; the margin covers counting differences. */
export const GITHUB_COMMENT_LIMIT = 65_536;
const DEFAULT_MAX_LENGTH = GITHUB_COMMENT_LIMIT - 1_024;
const OVERVIEW_MAX_ROWS = 200;
/** Room kept for the note that says what was left out. */
const NOTE_RESERVE = 400;

export interface MarkdownRenderOptions {
  /** Longest body to produce, in UTF-16 code units (JavaScript string length). */
  maxLength?: number;
}

export function renderMarkdown(review: Review, options: MarkdownRenderOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const head = [SUMMARY_MARKER, verdictSection(review), overviewTable(reviewedFiles(review), OVERVIEW_MAX_ROWS)];
  const footer = `<sub>dbarch ${toolInfo().version}</sub>`;
  const tail = [rolloutSection(review), adviceSection(review), dryRunSection(review), skippedSection(review), footer].filter(
    (part) => part !== undefined,
  );
  const budget = maxLength - length(head) - length(tail) - NOTE_RESERVE;
  const body = fileSections(review, budget);
  return hardLimit([...head, ...body, ...tail].join('\n\n'), maxLength) + '\n';
}

function reviewedFiles(review: Review) {
  return review.files.filter((file) => file.skipped === undefined);
}

/** Combined length of parts once joined by blank lines. */
function length(parts: readonly string[]): number {
  return parts.reduce((total, part) => total + part.length + 2, 0);
}

/**
 * Per-file details in review order, each in full while it fits, then in a compact form (findings
 * on one line each); when even that does not fit, a note says how many files were left out.
 */
function fileSections(review: Review, budget: number): string[] {
  const files = reviewedFiles(review).filter((file) => file.statements.length > 0 || file.findings.length > 0);
  const sections: string[] = [];
  let remaining = budget;
  for (const [index, file] of files.entries()) {
    const section = [fileSection(file, false), fileSection(file, true)].find((text) => text.length + 2 <= remaining);
    if (section === undefined) {
      sections.push(truncationNote(files.length - index));
      break;
    }
    sections.push(section);
    remaining -= section.length + 2;
  }
  return sections;
}

function truncationNote(filesLeftOut: number): string {
  const files = filesLeftOut === 1 ? '1 more file is' : `${filesLeftOut} more files are`;
  return `> [!NOTE]\n> ${files} not shown: this comment would exceed GitHub's size limit. Run \`dbarch review\` locally or open the \`dbarch\` check run for every finding.`;
}

/** Last resort when the fixed parts alone are too long (e.g. a huge rollout plan). */
function hardLimit(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const note = "\n\n_… cut here: the rest would exceed GitHub's comment size limit._";
  // Cut at a line break so no table row, code span or entity is left half written.
  const closingRoom = 20;
  const cut = text.lastIndexOf('\n', maxLength - note.length - closingRoom);
  let kept = text.slice(0, Math.max(cut, 0));
  // An unclosed <details> or code fence would swallow the note; close what was opened.
  if ((kept.match(/^ *```/gm) ?? []).length % 2 === 1) kept += '\n```';
  if ((kept.match(/<details>/g) ?? []).length > (kept.match(/<\/details>/g) ?? []).length) kept += '\n\n</details>';
  return kept + note;
}
