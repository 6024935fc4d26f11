import type { PyValue } from '../python/python-values.js';
import { writeForeignKey } from './column-ddl.js';
import { BoundArguments } from './bound-arguments.js';
import { describeValue, flag, isCallTo, optionalName, optionalString, requireName, requireNames } from './literal-arguments.js';
import type { OpCall } from './op-calls.js';
import { quoteIdentifier, Unresolvable, type SqlBuilder } from './sql-builder.js';

/**
 * Constraint operations as `ALTER TABLE … ADD CONSTRAINT` / `DROP CONSTRAINT`: foreign keys (with
 * ondelete/onupdate and postgresql_not_valid), unique, check, primary key and exclusion constraints.
 */

function constraintPrefix(args: BoundArguments, schemaParameter = 'schema'): string {
  const name = optionalName(args.get('constraint_name'));
  const table = args.qualifiedTable(schemaParameter);
  return `ALTER TABLE ${table} ADD ${name ? `CONSTRAINT ${quoteIdentifier(name.text)} ` : ''}`;
}

function columnList(args: BoundArguments, parameter: string): string {
  return requireNames(args.get(parameter), 'constraint column', args.op.span)
    .map((column) => quoteIdentifier(column.text))
    .join(', ');
}

function notValid(args: BoundArguments): string {
  return flag(args.get('postgresql_not_valid'), 'postgresql_not_valid') ? ' NOT VALID' : '';
}

export function translateCreateForeignKey(op: OpCall, builder: SqlBuilder): void {
  const args = new BoundArguments(op, ['constraint_name', 'source_table', 'referent_table', 'local_cols', 'remote_cols'], 'source_table');
  // The constraint name goes inside writeForeignKey's clause, so the prefix here has none.
  builder.raw(`ALTER TABLE ${args.qualifiedTable('source_schema')} ADD `);
  const referent = args.name('referent_table', 'referenced table');
  const onDelete = optionalString(args.get('ondelete'), 'ondelete');
  const onUpdate = optionalString(args.get('onupdate'), 'onupdate');
  const name = optionalName(args.get('constraint_name'));
  const referentSchema = optionalString(args.get('referent_schema'), 'referent_schema');
  writeForeignKey(
    builder,
    {
      table: referent.text,
      ...(referentSchema ? { schema: referentSchema } : {}),
      columns: requireNames(args.get('remote_cols'), 'referenced column', op.span).map((column) => column.text),
      ...(name ? { name: name.text } : {}),
      ...(onDelete ? { onDelete } : {}),
      ...(onUpdate ? { onUpdate } : {}),
      span: op.span,
    },
    requireNames(args.get('local_cols'), 'foreign key column', op.span).map((column) => column.text),
  );
  if (flag(args.get('deferrable'), 'deferrable')) builder.raw(' DEFERRABLE');
  const initially = optionalString(args.get('initially'), 'initially');
  if (initially) builder.raw(` INITIALLY ${initially}`);
  builder.raw(notValid(args)).end();
}

export function translateCreateUniqueConstraint(op: OpCall, builder: SqlBuilder): void {
  const args = new BoundArguments(op, ['constraint_name', 'table_name', 'columns']);
  builder.raw(`${constraintPrefix(args)}UNIQUE (${columnList(args, 'columns')})`).end();
}

export function translateCreatePrimaryKey(op: OpCall, builder: SqlBuilder): void {
  const args = new BoundArguments(op, ['constraint_name', 'table_name', 'columns']);
  builder.raw(`${constraintPrefix(args)}PRIMARY KEY (${columnList(args, 'columns')})`).end();
}

export function translateCreateCheckConstraint(op: OpCall, builder: SqlBuilder): void {
  const args = new BoundArguments(op, ['constraint_name', 'table_name', 'condition']);
  const condition = textArgument(args.get('condition'), 'the check condition');
  builder
    .raw(`${constraintPrefix(args)}CHECK (`)
    .verbatim(condition.span, condition.value, condition.pieces)
    .raw(`)${notValid(args)}`)
    .end();
}

export function translateDropConstraint(op: OpCall, builder: SqlBuilder): void {
  const args = new BoundArguments(op, ['constraint_name', 'table_name', 'type_']);
  const name = args.name('constraint_name', 'constraint name');
  const ifExists = flag(args.get('if_exists'), 'if_exists') ? 'IF EXISTS ' : '';
  builder.raw(`ALTER TABLE ${args.qualifiedTable()} DROP CONSTRAINT ${ifExists}`).mapped(name.span, quoteIdentifier(name.text)).end();
}

/** `create_exclude_constraint("name", "table", ("period", "&&"), using="gist", where=…)`. */
export function translateCreateExcludeConstraint(op: OpCall, builder: SqlBuilder): void {
  const args = new BoundArguments(op, ['constraint_name', 'table_name']);
  const elements = op.call.args.slice(op.batch ? 1 : 2).map((element) => {
    if (element.type !== 'seq' || element.items.length !== 2)
      throw new Unresolvable(`an exclusion element is ${describeValue(element)}`, element.span);
    const [column, operator] = element.items.map((item) => requireName(item, 'exclusion element', element.span).text);
    return `${/^\w+$/.test(column!) ? quoteIdentifier(column!) : column} WITH ${operator}`;
  });
  const using = optionalString(args.get('using'), 'using') ?? 'gist';
  builder.raw(`${constraintPrefix(args)}EXCLUDE USING ${using} (${elements.join(', ')})`);
  const where = args.get('where');
  if (where) {
    const text = textArgument(where, 'the exclusion WHERE clause');
    builder.raw(' WHERE (').verbatim(text.span, text.value, text.pieces).raw(')');
  }
  builder.end();
}

/** A SQL fragment given as a string or `sa.text("…")`. */
export function textArgument(value: PyValue | undefined, what: string): Extract<PyValue, { type: 'str' }> {
  if (value?.type === 'str') return value;
  if (isCallTo(value, 'text', 'literal_column') && value.args[0]?.type === 'str') return value.args[0];
  throw new Unresolvable(`${what} is ${describeValue(value)}`, value?.span);
}
