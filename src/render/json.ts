import type { FileReview, Finding, Review, ReviewStats, StatementReport } from '../review-types/index.js';

/**
 * `--format json`: the review as the public `dbarch.review/v1` document (DESIGN.md, "Contracts").
 * Keys come in a fixed order so diffs of two runs show what changed, not how objects were built;
 * fields added to the types later still come out, after the known ones, in alphabetical order.
 */
export function renderJson(review: Review): string {
  return [...renderJsonChunks(review)].join('');
}

/**
 * renderJson's text in pieces, one per statement and finding: the CLI writes them as they come, so
 * a review of thousands of files never holds its whole document (tens of MB) as one string, nor a
 * reordered copy of every statement at once. The text is exactly JSON.stringify(document, null, 2).
 */
export function* renderJsonChunks(review: Review): Generator<string> {
  const head = ordered(review, REVIEW_KEYS, { files: [], findings: [], stats: statsDocument(review.stats) });
  yield* objectChunks(head, 0, {
    files: streamed(review.files, (file) => fileChunks(file, 4)),
    findings: streamed(review.findings, (finding) => [indented(findingDocument(finding), 4)]),
  });
  yield '\n';
}

function fileChunks(file: FileReview, depth: number): Iterable<string> {
  const head = ordered(file, FILE_KEYS, { findings: file.findings.map(findingDocument), statements: [] });
  return objectChunks(head, depth, {
    statements: streamed(file.statements, (statement) => [indented(statementDocument(statement), depth + 4)]),
  });
}

interface StreamedArray {
  items: readonly unknown[];
  chunks: (item: never) => Iterable<string>;
}

function streamed<Item>(items: readonly Item[], chunks: (item: Item) => Iterable<string>): StreamedArray {
  return { items, chunks };
}

/** An object `depth` spaces deep whose `streamed` members are written item by item (the others whole). */
function* objectChunks(document: JsonObject, depth: number, streamed: Record<string, StreamedArray>): Generator<string> {
  const pad = ' '.repeat(depth);
  const keys = Object.keys(document);
  if (keys.length === 0) return yield '{}';
  yield '{';
  for (const [index, key] of keys.entries()) {
    yield `\n${pad}  ${JSON.stringify(key)}: `;
    const array = streamed[key];
    if (array && array.items.length > 0) {
      yield '[';
      for (const [position, item] of array.items.entries()) {
        yield `${position === 0 ? '' : ','}\n${pad}    `;
        yield* array.chunks(item as never);
      }
      yield `\n${pad}  ]`;
    } else {
      yield indented(document[key], depth + 2);
    }
    if (index < keys.length - 1) yield ',';
  }
  yield `\n${pad}}`;
}

/** JSON.stringify with 2-space indents, for a value nested `depth` spaces deep (JSON strings hold no raw newline). */
function indented(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${' '.repeat(depth)}`);
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
const STATEMENT_KEYS = [
  'line',
  'endLine',
  'kind',
  'summary',
  'risk',
  'locks',
  'rewrites',
  'columns',
  'constraints',
  'durationMs',
  'inTransaction',
];
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
