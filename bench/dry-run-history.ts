import type { DryRunInput } from '../src/dry-run/types.js';
import type { BaseFile } from '../src/review-types/index.js';

/**
 * A generated migration history like a real project's: every fourth file creates a table, the
 * others add columns, indexes, constraints and a backfill to earlier tables.
 */
export function generatedHistory(count: number): BaseFile[] {
  const files: BaseFile[] = [];
  let tables = 0;
  for (let number = 1; number <= count; number++) {
    const name = `db/migrations/${String(number).padStart(5, '0')}_step.sql`;
    if (number % 4 === 1) {
      tables += 1;
      files.push({
        path: name,
        content: `CREATE TABLE table_${tables} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  name text NOT NULL,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n`,
      });
      continue;
    }
    const table = `table_${tables}`;
    const step = number % 4;
    const content =
      step === 2
        ? `ALTER TABLE ${table} ADD COLUMN amount_${number} integer;\nUPDATE ${table} SET amount_${number} = 0;\n`
        : step === 3
          ? `CREATE INDEX ${table}_name_${number}_idx ON ${table} (name);\n`
          : `ALTER TABLE ${table} ADD CONSTRAINT ${table}_name_${number}_check CHECK (length(name) < 500);\n`;
    files.push({ path: name, content });
  }
  return files;
}

/** The benchmark's dry run: a base of `size` generated migrations, and one change that touches its first table. */
export function dryRunInput(size: number): DryRunInput {
  const table = size > 0 ? 'table_1' : undefined;
  const text = table ? `ALTER TABLE ${table} ALTER COLUMN name SET NOT NULL` : 'CREATE TABLE t (id int)';
  return {
    base: generatedHistory(size),
    changes: [
      {
        path: 'db/migrations/99999_change.sql',
        statements: [{ index: 0, text, line: 1, endLine: 1, inTransaction: true, relations: table ? [table] : [] }],
      },
    ],
  };
}
