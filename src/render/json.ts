import type { FileReview, Finding, Review, ReviewStats, StatementReport } from '../engine/types.js';

/**
 * `--format json`: the review as the public `dbarch.review/v1` document (DESIGN.md, "Contracts").
 * Keys come in a fixed order so diffs of two runs show what changed, not how objects were built;
 * fields added to the types later still come out, after the known ones, in alphabetical order.
 */
export function renderJson(review: Review): string {
  return `${JSON.stringify(reviewDocument(review), null, 2)}\n`;
}

type JsonObject = Record<string, unknown>;

// The keys DESIGN.md lists come first, in its order; the other fields of the types follow.
const REVIEW_KEYS = ['schema', 'risk', 'files', 'findings', 'stats', 'rolloutPlan', 'label'];
const FILE_KEYS = ['path', 'kind', 'risk', 'findings', 'skipped', 'tool', 'statements'];
const FINDING_KEYS = [
  'ruleId',
  'source',
  'severity',
  'risk',
  'path',
  'line',
  'endLine',
  'column',
  'endColumn',
  'message',
  'help',
  'fix',
  'docsUrl',
];
const FIX_KEYS = ['description', 'replacement'];
const STATEMENT_KEYS = ['line', 'endLine', 'kind', 'summary', 'risk', 'locks', 'rewrites', 'durationMs', 'inTransaction'];
const LOCK_KEYS = ['relation', 'mode', 'blocks'];
const STATS_KEYS = ['files', 'filesReviewed', 'statements', 'findings', 'bySeverity', 'suppressed', 'durationMs', 'skipped'];
const SEVERITY_KEYS = ['error', 'warning', 'notice'];

/** The review as a plain object with its keys in contract order (also used by other renderers). */
export function reviewDocument(review: Review): JsonObject {
  return ordered(review, REVIEW_KEYS, {
    files: review.files.map(fileDocument),
    findings: review.findings.map(findingDocument),
    stats: statsDocument(review.stats),
  });
}

function fileDocument(file: FileReview): JsonObject {
  return ordered(file, FILE_KEYS, {
    findings: file.findings.map(findingDocument),
    statements: file.statements.map(statementDocument),
  });
}

export function findingDocument(finding: Finding): JsonObject {
  return ordered(finding, FINDING_KEYS, { fix: finding.fix && ordered(finding.fix, FIX_KEYS) });
}

function statementDocument(statement: StatementReport): JsonObject {
  return ordered(statement, STATEMENT_KEYS, { locks: statement.locks.map((lock) => ordered(lock, LOCK_KEYS)) });
}

function statsDocument(stats: ReviewStats): JsonObject {
  const skipped = Object.fromEntries(Object.entries(stats.skipped).sort(([a], [b]) => a.localeCompare(b)));
  return ordered(stats, STATS_KEYS, { bySeverity: ordered(stats.bySeverity, SEVERITY_KEYS), skipped });
}

/**
 * Copies `source` with the `known` keys first, in that order, then any other keys alphabetically.
 * `replacements` supplies already-ordered values for nested objects. Undefined values are left out,
 * as JSON.stringify would.
 */
function ordered(source: object, known: readonly string[], replacements: JsonObject = {}): JsonObject {
  const values = source as JsonObject;
  const extra = Object.keys(values)
    .filter((key) => !known.includes(key))
    .sort();
  const result: JsonObject = {};
  for (const key of [...known, ...extra]) {
    const value = key in replacements ? replacements[key] : values[key];
    if (value !== undefined) result[key] = value;
  }
  return result;
}
