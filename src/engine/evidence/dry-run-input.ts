import type { DryRunFileInput, DryRunInput } from '../../dry-run/types.js';
import { statementReferences } from '../../dry-run/trace/statement-references.js';
import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { maskPlaceholders, placeholderSchemas } from '../../parse/sql/placeholders.js';
import type { BaseFile, Changeset, StatementReport } from '../../review-types/index.js';

/**
 * The dry run's input. Each SQL migration's statements are taken while the file is reviewed (from
 * the same parse, so nothing is parsed again): text, transaction state and the tables the static
 * lock model says they touch. The base is the base snapshot's (read-base.ts): the rules and the
 * dry run start from the same migrations.
 */

/** A reviewed file's statements as the dry run runs them (`reports`: index-aligned with `statements`). */
export function dryRunStatements(statements: readonly SqlStatement[], reports: readonly StatementReport[]): DryRunFileInput['statements'] {
  return reports.flatMap((report, index) => {
    const statement = statements[index];
    if (!statement) return [];
    // Placeholders run as stand-in names, the same in every file of the change and of the base.
    const text = maskPlaceholders(statement.text);
    const references = statementReferences(statement.kind, statement.ast);
    return [
      {
        index,
        text,
        ...(text === statement.text ? {} : { templated: true }),
        line: report.line,
        endLine: report.endLine,
        inTransaction: report.inTransaction,
        kind: report.kind,
        relations: report.locks.map((lock) => lock.relation),
        ...(references ? { references } : {}),
      },
    ];
  });
}

/** The base the dry run starts from, and the schemas placeholders name that its first file creates. */
export interface DryRunBase {
  base: BaseFile[];
  placeholderSchemas: string[];
}

/** The whole input, on the base dryRunBase made (once per review: prepare() and run() get the same). */
export function dryRunInput(changeset: Changeset, dryBase: DryRunBase, changes: DryRunFileInput[]): DryRunInput {
  // Against a git ref the base is the whole history; named PATHs may run on tables no reviewed file creates.
  return { base: dryBase.base, changes, baseComplete: changeset.mode !== 'paths' };
}

/**
 * The base the dry run starts from (DryRunInput.base): known before any file is reviewed, so the
 * runner can start its sandbox on it (DryRunner.prepare). Scans every base file for placeholders:
 * made once per review.
 */
export function dryRunBase(changeset: Changeset, beforeChange: readonly BaseFile[]): DryRunBase {
  const base = [...beforeChange];
  // Schemas named by placeholders exist before the first migration, as the tool creates them.
  const schemas = placeholderSchemas([...base, ...changeset.files].flatMap((file) => (file.content === undefined ? [] : [file.content])));
  // A path no migration can have, so it is never taken for one of the repository's files.
  if (schemas.length > 0)
    base.unshift({ path: '(schemas named by placeholders)', content: schemas.map((name) => `CREATE SCHEMA ${name};\n`).join('') });
  return { base, placeholderSchemas: schemas };
}
