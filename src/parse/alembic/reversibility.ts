import type { PyValue, Span } from '../python/python-values.js';
import { BoundArguments } from './bound-arguments.js';
import { isCallTo, optionalName } from './literal-arguments.js';
import type { OpCall } from './op-calls.js';

/**
 * Which downgrade() operation undoes each upgrade() operation: add_column ↔ drop_column,
 * create_table ↔ drop_table, create_index ↔ drop_index, a named constraint ↔ drop_constraint,
 * rename_table/new_column_name ↔ the reverse rename. Keys are compared case-insensitively; an
 * operation whose names are not literal has no key and is not judged.
 */

export interface Undo {
  /** What downgrade() must contain, e.g. `drop_column("orders", "note")`. */
  expected: string;
  key: string;
  span: Span;
}

const lower = (text: string) => text.toLowerCase();

function name(value: PyValue | undefined): string | undefined {
  const found = optionalName(value);
  return found ? lower(found.text) : undefined;
}

function tableOf(op: OpCall, parameter = 'table_name'): string | undefined {
  return name(op.batch ? op.batch.table : new BoundArguments(op, [parameter]).get(parameter));
}

/** The undo an upgrade operation needs, or undefined when it needs none or cannot be judged. */
export function requiredUndo(op: OpCall): Undo | undefined {
  const at = (key: string | undefined, expected: string): Undo | undefined => (key ? { key, expected, span: op.span } : undefined);
  switch (op.name) {
    case 'add_column': {
      const args = new BoundArguments(op, ['table_name', 'column']);
      const column = args.get('column');
      const columnName = isCallTo(column, 'Column') ? name(column.kwargs.get('name') ?? column.args[0]) : undefined;
      const table = tableOf(op);
      return table && columnName ? at(`column:${table}.${columnName}`, `drop_column("${table}", "${columnName}")`) : undefined;
    }
    case 'create_table': {
      const table = tableOf(op);
      return at(table && `table:${table}`, `drop_table("${table}")`);
    }
    case 'create_index': {
      const index = name(new BoundArguments(op, ['index_name']).get('index_name'));
      return at(index && `index:${index}`, `drop_index("${index}")`);
    }
    case 'create_foreign_key':
    case 'create_unique_constraint':
    case 'create_check_constraint':
    case 'create_primary_key':
    case 'create_exclude_constraint': {
      const constraint = name(new BoundArguments(op, ['constraint_name']).get('constraint_name'));
      return at(constraint && `constraint:${constraint}`, `drop_constraint("${constraint}", …)`);
    }
    case 'rename_table': {
      const args = new BoundArguments(op, ['old_table_name', 'new_table_name'], 'old_table_name');
      const from = name(args.get('old_table_name'));
      const to = name(args.get('new_table_name'));
      return from && to ? at(`rename:${to}->${from}`, `rename_table("${to}", "${from}")`) : undefined;
    }
    default:
      return undefined;
  }
}

/** The keys a downgrade operation satisfies. Dropping a table also undoes everything added to it. */
export function undoneKeys(op: OpCall): string[] {
  switch (op.name) {
    case 'drop_column': {
      const column = name(new BoundArguments(op, ['table_name', 'column_name']).get('column_name'));
      const table = tableOf(op);
      return table && column ? [`column:${table}.${column}`] : [];
    }
    case 'drop_table': {
      const table = tableOf(op);
      return table ? [`table:${table}`, `table-contents:${table}`] : [];
    }
    case 'drop_index': {
      const index = name(new BoundArguments(op, ['index_name']).get('index_name'));
      return index ? [`index:${index}`] : [];
    }
    case 'drop_constraint': {
      const constraint = name(new BoundArguments(op, ['constraint_name']).get('constraint_name'));
      return constraint ? [`constraint:${constraint}`] : [];
    }
    case 'rename_table': {
      const args = new BoundArguments(op, ['old_table_name', 'new_table_name'], 'old_table_name');
      const from = name(args.get('old_table_name'));
      const to = name(args.get('new_table_name'));
      return from && to ? [`rename:${from}->${to}`] : [];
    }
    default:
      return [];
  }
}

/** The table an upgrade operation adds something to (a dropped table takes its columns and indexes with it). */
export function tableTouched(op: OpCall): string | undefined {
  if (op.name === 'create_index') return name(new BoundArguments(op, ['index_name', 'table_name']).get('table_name') ?? op.batch?.table);
  if (op.name === 'create_foreign_key')
    return name(op.batch ? op.batch.table : new BoundArguments(op, ['constraint_name', 'source_table']).get('source_table'));
  if (op.name.startsWith('create_') && op.name !== 'create_table')
    return name(op.batch ? op.batch.table : new BoundArguments(op, ['constraint_name', 'table_name']).get('table_name'));
  return op.name === 'add_column' ? tableOf(op) : undefined;
}

/**
 * Table names that upgrade()'s rename_table operations make one table, mapped to one of them.
 * downgrade() runs on the schema upgrade() left, so it may undo an operation under the table's new
 * name (drop_column("accounts", …) before renaming "accounts" back to "users"): keys of one table
 * under either name are the same key.
 */
export function renamedTables(upgradeOps: readonly OpCall[]): (key: string) => string {
  const canonical = new Map<string, string>();
  const resolve = (table: string): string => canonical.get(table) ?? table;
  for (const op of upgradeOps) {
    if (op.name !== 'rename_table') continue;
    const args = new BoundArguments(op, ['old_table_name', 'new_table_name'], 'old_table_name');
    const from = name(args.get('old_table_name'));
    const to = name(args.get('new_table_name'));
    if (from && to) canonical.set(to, resolve(from));
  }
  if (canonical.size === 0) return (key) => key;
  return (key) => {
    const match = /^(column|table|table-contents):([^.]+)(\..*)?$/.exec(key);
    return match ? `${match[1]}:${resolve(match[2]!)}${match[3] ?? ''}` : key;
  };
}
