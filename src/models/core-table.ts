import type { Node } from 'web-tree-sitter';
import { spanOf } from '../parse/python/python-values.js';
import { isCall, literalName, type CallValue } from './column-arguments.js';
import { readAttribute } from './model-attribute.js';
import { readTableItem, type TableArguments } from './table-arguments.js';
import type { ModelTable } from './model-types.js';

/**
 * A Core table, `users = sa.Table("users", metadata, sa.Column(...), sa.Index(...))`: every column
 * is spelled out in the call, so the table is complete unless an argument is unpacked (`*columns`).
 */
export function readCoreTable(call: CallValue, statement: Node, text: string, variable: string | undefined): ModelTable | undefined {
  const tableName = literalName(call.args[0]);
  if (!tableName) return undefined;
  const parts: TableArguments = { indexes: [], foreignKeys: [], readable: true };
  const table: ModelTable = {
    className: variable ?? tableName,
    tableName,
    style: 'table',
    nameSpan: call.args[0]!.span,
    span: spanOf(statement),
    columns: [],
    indexes: parts.indexes,
    tableForeignKeys: parts.foreignKeys,
    relationships: [],
    complete: true,
    indexesKnown: true,
  };
  for (const item of call.args.slice(2)) {
    if (isCall(item, 'Column')) {
      const column = readAttribute({
        attribute: literalName(item.args[0]) ?? '?',
        value: item,
        span: item.span,
        style: 'table',
        text,
      }).column;
      if (column) table.columns.push(column);
    } else {
      readTableItem(item, parts);
    }
  }
  table.complete = parts.readable;
  table.indexesKnown = parts.readable;
  return table;
}
