import { FACT_STATEMENT_START, SchemaFacts } from '../../analysis/schema-facts.js';
import { parseSql } from '../../parse/sql/parse-sql.js';
import type { BaseFile, Changeset, FileKind } from '../../review-types/index.js';
import { baseMigrations, type BaseMigration } from './base-migrations.js';

/**
 * Step 2 of review(): the base, read once. Every later stage takes what it needs from this one
 * snapshot, so the rules, the dry run and the LLM agree on what exists before the change:
 * - `migrations`: the forward SQL migrations in the order their tool applies them (base-migrations.ts);
 * - `beforeChange`: those the change's files run on (the dry run replays exactly these);
 * - `facts`: the schema `beforeChange` leaves, which the rules start from;
 * - `appliedFacts` (asked for by the LLM stage): the schema production has, edited migrations in
 *   the version that was applied there, learned in the same parse;
 * - `files`: every base-side file with its kind (classified once, in step 1).
 */

export interface KindedBaseFile extends BaseFile {
  kind: FileKind;
}

export interface BaseSnapshot {
  files: readonly KindedBaseFile[];
  migrations: readonly BaseMigration[];
  beforeChange: BaseFile[];
  facts: SchemaFacts;
  appliedFacts?: SchemaFacts;
}

export function readBase(changeset: Changeset, files: readonly KindedBaseFile[], options: { appliedFacts: boolean }): BaseSnapshot {
  const migrations = baseMigrations(changeset, files);
  const facts = new SchemaFacts('base');
  const appliedFacts = options.appliedFacts ? new SchemaFacts('base') : undefined;
  for (const migration of migrations) {
    if (migration.changed && !appliedFacts) continue;
    // Only CREATE/ALTER/DROP statements can teach facts: data loads and DML in the history are not parsed.
    for (const statement of parseSql(migration.content, { only: FACT_STATEMENT_START }).statements) {
      if (!migration.changed) facts.apply(statement);
      appliedFacts?.apply(statement);
    }
  }
  return {
    files,
    migrations,
    beforeChange: migrations.filter((file) => !file.changed).map(({ path, content }) => ({ path, content })),
    facts,
    ...(appliedFacts ? { appliedFacts } : {}),
  };
}
