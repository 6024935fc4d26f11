import { detectTool } from '../classify/migration-tool.js';
import type { BaseFile } from '../engine/types.js';
import { parseSql } from '../parse/sql/parse-sql.js';
import { maskPlaceholders } from '../parse/sql/placeholders.js';
import type { BaseFileStatements } from './replay-base.js';

/**
 * Base migrations as statements for the replay (in the order given: the engine orders them by
 * tool). dbmate's down part is blanked; psql meta-commands never reach the list (the splitter
 * takes them out). Call loadSqlParser() first.
 */
export function baseStatements(files: readonly BaseFile[]): BaseFileStatements[] {
  return files.map((file) => {
    const parsed = parseSql(upPart(file));
    return {
      path: file.path,
      statements: parsed.statements
        .filter((statement) => statement.kind !== 'Empty')
        // Placeholders run as stand-in names, as in the changed files (apply-dry-run.ts).
        .map((statement) => ({ text: maskPlaceholders(statement.text), line: statement.range.line, kind: statement.kind })),
    };
  });
}

function upPart(file: BaseFile): string {
  if (detectTool(file.path, file.content) !== 'dbmate') return file.content;
  const down = /^\s*--\s*migrate:down\b/m.exec(file.content);
  return down ? file.content.slice(0, down.index) : file.content;
}
