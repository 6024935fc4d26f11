import { detectTool, forwardPart } from '../../classify/migration-tool.js';
import type { BaseFile } from '../../review-types/index.js';
import { parseSql } from '../../parse/sql/parse-sql.js';
import { maskPlaceholders } from '../../parse/sql/placeholders.js';
import type { BaseFileStatements } from './replay-base.js';

/**
 * Base migrations as statements for the replay (in the order given: the engine orders them by
 * tool). dbmate's down part is blanked; psql meta-commands never reach the list (the splitter
 * takes them out). Call loadSqlParser() first.
 */
export function baseStatements(files: readonly BaseFile[]): BaseFileStatements[] {
  return files.map((file) => {
    const parsed = parseSql(forwardPart(detectTool(file.path, file.content), file.content));
    return {
      path: file.path,
      statements: parsed.statements
        .filter((statement) => statement.kind !== 'Empty')
        // Placeholders run as stand-in names, as in the changed files (engine/evidence/dry-run-input.ts).
        .map((statement) => ({ text: maskPlaceholders(statement.text), line: statement.range.line, kind: statement.kind })),
    };
  });
}
