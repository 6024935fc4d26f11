import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import type { AstObject } from '../../parse/sql/ast.js';
import { characterOffsetOf } from './statement-text.js';

/**
 * Where a relation name is written in a statement: a RangeVar's location points at its first
 * part, so a qualified name (`billing."Orders"`) would be underlined only up to the dot. This gives
 * the length of the whole name as written.
 */
const WRITTEN_NAME = /^(?:"(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_$]*)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_$]*))*/u;

export function relationSpan(statement: SqlStatement, rangeVar: unknown): { location?: number; length?: number } {
  const location = (rangeVar as AstObject | undefined)?.location;
  if (typeof location !== 'number' || location < 0) return {};
  const start = characterOffsetOf(statement.text, location);
  const match = WRITTEN_NAME.exec(statement.text.slice(start));
  return match ? { location, length: match[0].length } : { location };
}
