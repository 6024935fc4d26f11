import type { PyValue } from '../python/python-values.js';
import type { OpCall } from './op-calls.js';
import { optionalString, requireName, type NameArgument } from './literal-arguments.js';
import { qualifiedName } from './sql-builder.js';

/**
 * Which argument of an `op.*` call fills which parameter, whether passed by keyword or by position
 * (what Python's `inspect.Signature.bind` does). Inside `batch_alter_table` the table parameter
 * disappears from the signature (the batch supplies it), so each operation declares its positional
 * parameters both ways. What a bound value means (a literal name, a flag) is read by
 * literal-arguments.ts.
 */
export class BoundArguments {
  private readonly positional: readonly string[];

  constructor(
    readonly op: OpCall,
    positional: readonly string[],
    /** The parameter the batch supplies (dropped from the positional list inside a batch). */
    private readonly tableParameter = 'table_name',
  ) {
    this.positional = op.batch ? positional.filter((name) => name !== tableParameter) : positional;
  }

  get(name: string): PyValue | undefined {
    const index = this.positional.indexOf(name);
    return this.op.call.kwargs.get(name) ?? (index >= 0 ? this.op.call.args[index] : undefined);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  name(parameter: string, what: string): NameArgument {
    return requireName(this.get(parameter), what, this.op.span);
  }

  /** The table the operation applies to: the batch's table inside a batch. */
  table(): NameArgument {
    if (this.op.batch) return requireName(this.op.batch.table, 'batch table name', this.op.span);
    return requireName(this.get(this.tableParameter), 'table name', this.op.span);
  }

  schema(parameter = 'schema'): string | undefined {
    return optionalString(this.get(parameter) ?? this.op.batch?.schema, 'the schema');
  }

  /** The table, schema-qualified and quoted as SQLAlchemy renders it. */
  qualifiedTable(schemaParameter = 'schema'): string {
    return qualifiedName(this.table().text, this.schema(schemaParameter));
  }
}
