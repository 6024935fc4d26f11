import { defineRule } from './api/define-rule.js';
import { asArray, nodeOf, relationName } from '../parse/sql/ast.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { foreignKeysIn, type CreatedForeignKey } from './support/foreign-keys.js';
import { hasLeadingColumns } from '../analysis/key-columns.js';
import { indexedColumnLists } from './support/index-columns.js';
import { quoteIdentifier, quoteQualifiedName } from './support/sql-identifiers.js';

/**
 * PostgreSQL indexes the referenced side of a foreign key (it must be unique) but not the
 * referencing side. Without that index, every delete or key update on the parent scans the child
 * table to find referencing rows, and joins from parent to child cannot use an index.
 */
export default defineRule({
  id: 'foreign-key-without-index',
  summary: 'Foreign key whose referencing columns no index covers',
  risk: 'safe',
  severity: 'warning',
  category: 'design',
  help: 'Create an index whose leading columns are the foreign key columns (CONCURRENTLY when the table already holds data).',
  checkStatement({ statement, statements, facts, report }) {
    for (const key of foreignKeysIn(statement)) {
      if (!keyIsNewInFile(key, statement, statements) || key.columns.length === 0) continue;
      // Indexes anywhere in this file, known before it (base and earlier migrations), or created by a
      // later migration of the same change all count.
      const lists = [...indexedColumnLists(statements, key.table), ...facts.indexedColumnLists(key.table)];
      if (hasLeadingColumns(lists, key.columns)) continue;
      const tableIsNew = createdInFile(statements, statement.index + 1, key.table);
      const columns = key.columns.map((column) => `"${column}"`).join(', ');
      report({
        message:
          `No index on "${key.table}" starts with the foreign key column${key.columns.length > 1 ? 's' : ''} ${columns}: every DELETE from ` +
          `${key.referencedTable ? `"${key.referencedTable}"` : 'the referenced table'} (and every update of its key) scans "${key.table}" to find referencing rows, ` +
          `holding its locks meanwhile, and joins from the parent cannot use an index. Add the index` +
          `${tableIsNew ? ' in this migration (the table is new, so a plain build is instant)' : ' with CREATE INDEX CONCURRENTLY, in a migration that runs outside a transaction'}.`,
        location: key.location,
        fix: { description: indexStatement(key, tableIsNew) },
      });
    }
  },
});

/**
 * Only keys whose indexes the file can show are judged: on a table the file creates, or on
 * columns the file adds (an index on them can exist nowhere else). A key on an older column of an
 * existing table may be covered by an index the reviewer cannot see.
 */
function keyIsNewInFile(key: CreatedForeignKey, statement: SqlStatement, statements: readonly SqlStatement[]): boolean {
  if (createdInFile(statements, statement.index + 1, key.table)) return !copiesIndexes(statements, key.table);
  if (key.columnsDefinedHere) return true;
  return key.columns.every((column) => addedInFile(statements.slice(0, statement.index + 1), key.table, column));
}

function createdInFile(statements: readonly SqlStatement[], before: number, table: string): boolean {
  return statements
    .slice(0, before)
    .some((statement) => statement.kind === 'CreateStmt' && relationName(statement.ast?.relation) === table);
}

/** CREATE TABLE … (LIKE other INCLUDING …) may copy indexes the file does not spell out. */
function copiesIndexes(statements: readonly SqlStatement[], table: string): boolean {
  return statements.some(
    (statement) =>
      statement.kind === 'CreateStmt' &&
      relationName(statement.ast?.relation) === table &&
      asArray(statement.ast?.tableElts).some((element) => !!nodeOf(element, 'TableLikeClause')),
  );
}

function addedInFile(statements: readonly SqlStatement[], table: string, column: string): boolean {
  return statements.some(
    (statement) =>
      statement.kind === 'AlterTableStmt' &&
      relationName(statement.ast?.relation) === table &&
      asArray(statement.ast?.cmds).some((item) => {
        const command = nodeOf(item, 'AlterTableCmd');
        return command?.subtype === 'AT_AddColumn' && nodeOf(command.def, 'ColumnDef')?.colname === column;
      }),
  );
}

/** The CREATE INDEX that covers the key, named the way PostgreSQL would name it (at most 63 bytes). */
function indexStatement(key: CreatedForeignKey, tableIsNew: boolean): string {
  const tableName = key.table.split('.').at(-1)!;
  let stem = `${tableName}_${key.columns.join('_')}`;
  while (Buffer.byteLength(`${stem}_idx`, 'utf8') > 63) stem = stem.slice(0, -1);
  const name = `${stem}_idx`;
  const columns = key.columns.map(quoteIdentifier).join(', ');
  const concurrently = tableIsNew ? '' : ' CONCURRENTLY';
  return `CREATE INDEX${concurrently} ${quoteIdentifier(name)} ON ${quoteQualifiedName(key.table)} (${columns});`;
}
