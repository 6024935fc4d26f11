import { defineRule, type RuleReport } from './api/define-rule.js';
import { asArray, dottedName, nodeOf, stringList } from '../parse/sql/ast.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import type { StatementContext } from './api/sql-context.js';
import { schemaCreatedBefore } from './support/created-in-file.js';

/**
 * Dropping a table, a schema with its contents, or a database deletes data for good, and the
 * application version still running fails on the first query that names what was dropped.
 */
export default defineRule({
  id: 'drop-table',
  summary: 'DROP TABLE, DROP SCHEMA … CASCADE or DROP DATABASE on existing objects deletes their data',
  risk: 'destructive',
  severity: 'error',
  category: 'safety',
  help:
    'Stop using the object in code and deploy; keep the data (rename it or dump it) and drop it in a later migration ' +
    'that is reviewed and acknowledged as a deliberate deletion.',
  checkStatement(context) {
    const { statement } = context;
    if (statement.kind === 'DropStmt' && statement.ast?.removeType === 'OBJECT_TABLE') checkTables(context);
    if (statement.kind === 'DropStmt' && statement.ast?.removeType === 'OBJECT_SCHEMA') checkSchemas(context);
    if (statement.kind === 'DropdbStmt') checkDatabase(context);
  },
});

function droppedNames(statement: SqlStatement): string[] {
  return asArray(statement.ast?.objects)
    .map((object) => dottedName(nodeOf(object, 'List')?.items ?? [object]))
    .filter((name): name is string => !!name);
}

function quotedList(names: string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

function cascades(statement: SqlStatement): boolean {
  return statement.ast?.behavior === 'DROP_CASCADE';
}

function checkTables({ statement, facts, report }: StatementContext): void {
  const existing = droppedNames(statement).filter((name) => !facts.isNewTable(name));
  if (existing.length === 0) return;
  const tables = quotedList(existing);
  const [it, its] = existing.length > 1 ? ['them', 'their'] : ['it', 'its'];
  const cascadeNote = cascades(statement)
    ? ` CASCADE also drops every view on ${it} and every foreign key that references ${it}, without asking.`
    : '';
  report({
    message:
      `DROP TABLE ${tables} deletes ${existing.length > 1 ? 'the tables' : 'the table'} and all ${its} rows for good; the application ` +
      `version still running fails on every query that touches ${it}, and the drop waits for an ACCESS EXCLUSIVE lock on ${it} and on ` +
      `the tables ${its} foreign keys point to.${cascadeNote} Stop using ${it} in code and deploy first; keep the data until you are sure ` +
      `(ALTER TABLE … RENAME TO …_deprecated, or pg_dump --table), then drop ${it} in a later migration that is acknowledged as a deliberate deletion.`,
  });
}

function checkSchemas({ statement, statements, report }: StatementContext): void {
  const existing = asArray(statement.ast?.objects)
    .flatMap((object) => stringList([object]))
    .filter((name) => !schemaCreatedBefore(statements, statement.index, name));
  if (existing.length === 0) return;
  report(cascades(statement) ? schemaCascadeReport(quotedList(existing)) : schemaRestrictReport(quotedList(existing)));
}

function schemaCascadeReport(schemas: string): RuleReport {
  return {
    message:
      `DROP SCHEMA ${schemas} CASCADE deletes every table in the schema with all its rows, and every view, function, type and sequence in it, ` +
      `for good; code still using them fails. Drop the objects you mean to delete one by one (each reviewed), ` +
      `in a later migration after the code stopped using them, then drop the empty schema without CASCADE.`,
  };
}

function schemaRestrictReport(schemas: string): RuleReport {
  return {
    message:
      `DROP SCHEMA ${schemas} (without CASCADE) only succeeds when the schema is empty, so it cannot delete data, but the migration ` +
      `fails if anything is left in it. Make sure its objects were moved or dropped first.`,
    risk: 'safe',
    severity: 'notice',
  };
}

function checkDatabase({ statement, statements, report }: StatementContext): void {
  const name = String(statement.ast?.dbname ?? '');
  const createdHere = statements
    .slice(0, statement.index)
    .some((earlier) => earlier.kind === 'CreatedbStmt' && earlier.ast?.dbname === name);
  if (createdHere) return;
  report({
    message:
      `DROP DATABASE "${name}" deletes the whole database, every table and every row in it, for good. ` +
      `It fails while other sessions are connected (on PostgreSQL 13+, WITH (FORCE) terminates them instead). This does not belong in a schema migration: ` +
      `back it up and drop it by hand as a deliberate, acknowledged operation.`,
  });
}
