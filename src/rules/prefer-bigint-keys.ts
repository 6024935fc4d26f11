import { defineRule } from './api/define-rule.js';
import type { SchemaFacts } from '../analysis/schema-facts.js';
import { parseColumnType } from './support/column-types.js';
import { newColumns, type NewColumn } from './support/new-columns.js';

/**
 * 32-bit keys run out (2,147,483,647 for integer; 32,767 for smallint), and widening a key later
 * rewrites its table and every table that references it. New key columns should be bigint.
 */
const NARROW_KEY_TYPES: Record<string, string> = {
  integer: '2,147,483,647',
  serial: '2,147,483,647',
  smallint: '32,767',
  smallserial: '32,767',
};

export default defineRule({
  id: 'prefer-bigint-keys',
  summary: 'Primary and foreign key columns of 32-bit or 16-bit integer types run out of values',
  risk: 'safe',
  severity: 'notice',
  category: 'design',
  help: 'Use bigint for keys: bigint GENERATED ALWAYS AS IDENTITY for primary keys (or UUID v7 where ids are made outside the database), bigint for foreign keys.',
  checkStatement({ statement, facts, file, report }) {
    const prisma = file.tool === 'prisma';
    for (const column of newColumns(statement)) {
      const limit = NARROW_KEY_TYPES[column.type.name];
      if (!limit || column.type.array || column.origin === 'alter-type') continue;
      if (column.primaryKey) {
        report({
          message:
            `Primary key "${column.name}" of "${column.tableAsWritten}" is ${column.type.text}: its values stop at ${limit}, and widening a key later ` +
            `rewrites the table and every table that references it. ${prisma ? prismaKeyAdvice(column.type.name) : SQL_KEY_ADVICE}`,
          location: column.typeLocation,
        });
      } else if (column.foreignKey && !parentKeyIsNarrowAndExisting(column, facts)) {
        const advice = prisma
          ? "In schema.prisma make the relation scalar field BigInt, and the parent model's @id BigInt too."
          : 'Use bigint (and a bigint key on the parent).';
        report({
          message:
            `Foreign key column "${column.name}" of "${column.tableAsWritten}" is ${column.type.text}: it cannot hold parent ids above ${limit}, ` +
            `so it breaks when the parent key grows. ${advice}`,
          location: column.typeLocation,
        });
      }
    }
  },
});

const SQL_KEY_ADVICE = 'Use bigint GENERATED ALWAYS AS IDENTITY (or a UUID v7 where ids are created outside the database).';

/** Prisma users change schema.prisma, not the SQL it generates: the advice names the Prisma field. */
function prismaKeyAdvice(type: string): string {
  const generated = type.endsWith('serial') ? ' @default(autoincrement())' : '';
  return (
    `In schema.prisma declare the field \`BigInt @id${generated}\` instead of \`Int\` (Prisma then writes ${generated ? 'BIGSERIAL' : 'BIGINT'}), ` +
    'or `String @id @db.Uuid` with ids made by the application (UUID v7), then run prisma migrate dev again.'
  );
}

/** A foreign key must match an existing 32-bit parent key; the advice then belongs to the parent. */
function parentKeyIsNarrowAndExisting(column: NewColumn, facts: SchemaFacts): boolean {
  const reference = column.foreignKey;
  if (!reference?.table || !reference.column || facts.isNewTable(reference.table)) return false;
  const parent = facts.column(reference.table, reference.column);
  return !!parent && parseColumnType(parent.type).name in NARROW_KEY_TYPES;
}
