import { defineRule } from './api/define-rule.js';
import type { AstObject } from '../parse/sql/ast.js';
import { addedColumn, alterTableCommands, findConstraint } from './support/alter-table.js';
import { columnTypeOf, SERIAL_TYPES } from './support/column-types.js';

/**
 * Columns whose value PostgreSQL must compute for every existing row when they are added: serial
 * (a nextval() default), identity (values from a sequence) and stored generated columns. Adding one
 * to a table that holds data rewrites the whole table under ACCESS EXCLUSIVE, whatever the version.
 */
export default defineRule({
  id: 'add-column-rewrite',
  summary: 'ADD COLUMN of a serial, identity or stored generated column rewrites the whole table',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help:
    'Add a plain nullable column, fill it for new rows with a default or trigger, backfill existing rows in batches; ' +
    'or build a new table and switch over.',
  checkStatement({ statement, facts, report }) {
    const alter = alterTableCommands(statement);
    if (!alter || facts.isNewTable(alter.table)) return;
    for (const command of alter.commands) {
      const column = addedColumn(command);
      const kind = column && rewritingKind(column);
      if (!column || !kind) continue;
      const table = alter.tableAsWritten;
      report({
        message:
          `ADD COLUMN "${String(column.colname)}" ${kind.what} on existing table "${table}": PostgreSQL must ${kind.why} for every existing row, ` +
          `so it rewrites the whole table (and rebuilds its indexes) under ACCESS EXCLUSIVE; all reads and writes on "${table}" wait until it finishes, ` +
          `which grows with the table. ${kind.alternative}`,
        location: kind.location,
      });
    }
  },
});

interface RewritingKind {
  what: string;
  why: string;
  alternative: string;
  location?: number;
}

function rewritingKind(column: AstObject): RewritingKind | undefined {
  const type = columnTypeOf(column.typeName);
  const typeLocation = (column.typeName as AstObject | undefined)?.location as number | undefined;
  if (SERIAL_TYPES.has(type.name)) {
    return {
      what: `of type ${type.name}`,
      why: 'draw a sequence value',
      alternative:
        'Add a plain nullable bigint column, create a sequence and SET DEFAULT nextval(…) so new rows get values, ' +
        'then backfill existing rows in batches.',
      location: typeLocation,
    };
  }
  const identity = findConstraint(column, 'CONSTR_IDENTITY');
  if (identity) {
    return {
      what: 'as an identity column',
      why: 'draw a sequence value',
      alternative:
        'Add a plain nullable column and a sequence-backed default for new rows, backfill existing rows in batches, then convert it; ' +
        'or create the table anew with the identity column and switch over.',
      location: identity.location as number | undefined,
    };
  }
  const generated = findConstraint(column, 'CONSTR_GENERATED');
  // 'v' (VIRTUAL, PostgreSQL 18) computes on read and stores nothing.
  if (generated && generated.generated_kind !== 'v') {
    return {
      what: 'as a STORED generated column',
      why: 'compute and store the expression',
      alternative:
        'Add a plain nullable column kept up to date by a trigger (or by the application), backfill existing rows in batches, ' +
        'and compute the value on read (a view, or a VIRTUAL generated column on PostgreSQL 18+) if it need not be stored.',
      location: generated.location as number | undefined,
    };
  }
  return undefined;
}
