import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Changeset } from '../src/review-types/index.js';

/**
 * Pull requests of three sizes for the LLM benchmark and the budget tests, built from the example
 * shop repository (small, typical) and generated (large: 300 files, far over any token budget).
 */
const SHOP = fileURLToPath(new URL('../examples/shop/migrations/', import.meta.url));

function shopPullRequest(firstNew: number, lastNew: number): Changeset {
  const files = readdirSync(SHOP)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  const number = (name: string) => Number(name.slice(0, 6));
  const read = (name: string) => readFileSync(join(SHOP, name), 'utf8');
  return {
    baseFiles: files.filter((name) => number(name) < firstNew).map((name) => ({ path: `db/migrations/${name}`, content: read(name) })),
    files: files
      .filter((name) => number(name) >= firstNew && number(name) <= lastNew)
      .map((name) => ({ path: `db/migrations/${name}`, status: 'added' as const, content: read(name) })),
  };
}

/** One migration: an index on an existing table. */
export const smallPullRequest = (): Changeset => shopPullRequest(5, 5);
/** Three migrations (order tracking, a bigint key change, a clean-up with a rename and a drop). */
export const typicalPullRequest = (): Changeset => shopPullRequest(8, 10);

/** 300 added migrations for an AI chat product: tables, JSONB columns, indexes, a few risky changes. */
export function largePullRequest(files = 300): Changeset {
  const base = shopPullRequest(8, 10).baseFiles!;
  const changed = Array.from({ length: files }, (_, index) => ({
    path: `db/migrations/${String(100 + index).padStart(6, '0')}_feature_${index}.up.sql`,
    status: 'added' as const,
    content: generatedMigration(index),
  }));
  return { baseFiles: base, files: changed };
}

function generatedMigration(index: number): string {
  const table = `conversation_part_${index}`;
  const lines = [
    `-- Feature ${index}: storage for conversation part ${index}.`,
    `CREATE TABLE ${table} (`,
    '    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,',
    '    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,',
    "    role          text NOT NULL DEFAULT 'user',",
    '    content       text NOT NULL,',
    "    model_config  jsonb NOT NULL DEFAULT '{}',",
    '    input_tokens  integer,',
    '    output_tokens integer,',
    '    cost          double precision,',
    '    created_at    timestamp NOT NULL DEFAULT now()',
    ');',
    `CREATE INDEX ${table}_user_idx ON ${table} (user_id);`,
  ];
  if (index % 10 === 0) lines.push(`CREATE INDEX orders_feature_${index}_idx ON orders (status, created_at);`);
  if (index % 25 === 0) lines.push(`ALTER TABLE orders ADD COLUMN feature_${index} text NOT NULL DEFAULT 'x';`);
  return `${lines.join('\n')}\n`;
}
