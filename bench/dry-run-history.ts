import type { BaseFile } from '../src/engine/types.js';

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
