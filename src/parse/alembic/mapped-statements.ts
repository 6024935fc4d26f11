import { parseSql, type SqlStatement, type SqlSyntaxError } from '../sql/parse-sql.js';
import { LineIndex, type SourceRange } from '../sql/source-text.js';
import type { Span } from '../python/python-values.js';
import type { SqlSegment } from './sql-builder.js';
import type { TranslatedOp } from './translate-op.js';

/**
 * Turns the SQL generated for a revision's operations into SqlStatements that rules consume
 * unchanged, except that every range points into the Python file: the statement's range is its
 * `op.` call, and an AST location maps through the builder's segments to the argument it came
 * from (a column, a keyword argument, a character inside an execute() string).
 *
 * Alembic commits its transaction before an `autocommit_block` and opens a new one after it; the
 * session tracker learns that from a COMMIT and a BEGIN inserted at those points (`synthetic`).
 */

export interface MappedStatements {
  statements: SqlStatement[];
  errors: SqlSyntaxError[];
  /** Index of the translated operation each statement came from (-1 for synthetic ones). */
  opIndex: number[];
  /** Indices of the COMMIT/BEGIN statements dbarch inserted around autocommit blocks. */
  synthetic: Set<number>;
}

export function mapStatements(translated: readonly TranslatedOp[], lines: LineIndex): MappedStatements {
  const result: MappedStatements = { statements: [], errors: [], opIndex: [], synthetic: new Set() };
  let autocommit = false;
  translated.forEach((item, index) => {
    if (!item.sql || item.sql.text.length === 0) return;
    if (item.op.autocommit !== autocommit) {
      addSynthetic(result, item.op.autocommit ? 'COMMIT' : 'BEGIN', item.op.span, lines);
      autocommit = item.op.autocommit;
    }
    addGenerated(result, item.sql.text, item.sql.segments, item.op.span, lines, index);
  });
  return result;
}

function addSynthetic(result: MappedStatements, sql: string, span: Span, lines: LineIndex): void {
  result.synthetic.add(result.statements.length);
  addGenerated(result, sql, [], span, lines, -1);
}

function addGenerated(
  result: MappedStatements,
  sql: string,
  segments: readonly SqlSegment[],
  span: Span,
  lines: LineIndex,
  opIndex: number,
): void {
  const parsed = parseSql(sql);
  const mapper = new RangeMapper(segments, span, lines, parsed.lines);
  for (const error of parsed.errors) {
    result.errors.push({ message: error.message, range: mapper.mapRange(error.range), statementIndex: result.statements.length });
  }
  for (const statement of parsed.statements) {
    result.statements.push(wrapStatement(statement, result.statements.length, span, lines, mapper));
    result.opIndex.push(opIndex);
  }
}

function wrapStatement(statement: SqlStatement, index: number, span: Span, lines: LineIndex, mapper: RangeMapper): SqlStatement {
  // offsetOf stays relative to the statement text (rules subtract `start` to index into `text`).
  const offsetOf = (location: number): number => span.start + (statement.offsetOf(location) - statement.start);
  return {
    ...statement,
    index,
    start: span.start,
    end: span.end,
    range: lines.range(span.start, span.end),
    offsetOf,
    rangeAt(location, length) {
      if (location === undefined || location < 0) return lines.range(span.start, span.end);
      const from = statement.offsetOf(location);
      const generated = statement.rangeAt(location, length);
      return mapper.map(from, from + Math.max(1, columnsBetween(generated, length)));
    },
  };
}

/** Characters a generated range covers on its first line (what rangeAt underlines). */
function columnsBetween(range: SourceRange, length: number | undefined): number {
  if (length !== undefined) return length;
  return range.endLine === range.line ? range.endColumn - range.column : 1;
}

class RangeMapper {
  constructor(
    private readonly segments: readonly SqlSegment[],
    private readonly fallback: Span,
    private readonly lines: LineIndex,
    private readonly generatedLines: LineIndex,
  ) {}

  /** Python range of generated characters [from, to). */
  map(from: number, to: number): SourceRange {
    const segment = this.innermost(from);
    if (!segment) return this.lines.range(this.fallback.start, this.fallback.end);
    const piece = segment.pieces?.find((item) => item.offset <= from - segment.from && from - segment.from < item.offset + item.length);
    if (!piece) return this.lines.range(segment.span.start, segment.span.end);
    const start = piece.source + (from - segment.from - piece.offset);
    const end = Math.min(start + (to - from), piece.source + piece.length);
    return this.lines.range(start, end);
  }

  /** A range in the generated text (1-based lines/columns) mapped to the Python file. */
  mapRange(range: SourceRange): SourceRange {
    const from = this.generatedLines.lineStart(range.line) + range.column - 1;
    const to = this.generatedLines.lineStart(range.endLine) + range.endColumn - 1;
    return this.map(from, Math.max(from + 1, to));
  }

  private innermost(offset: number): SqlSegment | undefined {
    let best: SqlSegment | undefined;
    for (const segment of this.segments) {
      if (segment.from <= offset && offset < segment.to && (!best || segment.to - segment.from < best.to - best.from)) best = segment;
    }
    return best;
  }
}
