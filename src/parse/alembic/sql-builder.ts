import type { Span, StringPiece } from '../python/python-values.js';

/**
 * Builds the SQL text Alembic would send for a migration's operations while remembering which
 * Python code each part came from, so a finding on a generated column definition lands on the
 * `sa.Column(...)` line rather than on the whole `op.create_table(...)` call.
 */

export interface SqlSegment {
  /** Character offsets in the generated SQL: [from, to). */
  from: number;
  to: number;
  span: Span;
  /** For SQL copied from a Python string: where each verbatim run of it sits in the file. */
  pieces?: readonly StringPiece[];
}

export interface GeneratedSql {
  text: string;
  segments: SqlSegment[];
}

export class SqlBuilder {
  text = '';
  readonly segments: SqlSegment[] = [];

  /** Appends SQL that belongs to the operation as a whole. */
  raw(text: string): this {
    this.text += text;
    return this;
  }

  /** Appends SQL that came from the Python code at `span`. */
  mapped(span: Span | undefined, text: string): this {
    if (!span) return this.raw(text);
    const from = this.text.length;
    this.text += text;
    this.segments.push({ from, to: this.text.length, span });
    return this;
  }

  /** Appends a Python string's value as SQL, mapped character by character where it was written verbatim. */
  verbatim(span: Span, value: string, pieces: readonly StringPiece[]): this {
    const from = this.text.length;
    this.text += value;
    this.segments.push({ from, to: this.text.length, span, pieces });
    return this;
  }

  /** Appends what `write` adds as one part that came from the Python code at `span` (inner parts may be finer). */
  group(span: Span | undefined, write: () => void): this {
    const from = this.text.length;
    write();
    if (span) this.segments.push({ from, to: this.text.length, span });
    return this;
  }

  /** Appends items separated by `separator`. */
  list<T>(items: readonly T[], separator: string, write: (item: T) => void): this {
    items.forEach((item, index) => {
      if (index > 0) this.raw(separator);
      write(item);
    });
    return this;
  }

  /** Ends a statement. */
  end(): this {
    this.text += ';\n';
    return this;
  }

  build(): GeneratedSql {
    return { text: this.text, segments: this.segments };
  }
}

/** An operation whose SQL cannot be known without running the migration; `span` is the culprit. */
export class Unresolvable extends Error {
  constructor(
    readonly reason: string,
    readonly span?: Span,
  ) {
    super(reason);
  }
}

/**
 * PostgreSQL's reserved key words (including those allowed only as function or type names):
 * SQLAlchemy quotes identifiers that are one of these, like names with capitals or symbols.
 */
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column ' +
    'concurrently constraint create cross current_catalog current_date current_role current_schema current_time ' +
    'current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze from ' +
    'full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit ' +
    'localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references ' +
    'returning right select session_user similar some symmetric system_user table tablesample then to trailing true union ' +
    'unique user using variadic verbose when where window with'
  ).split(' '),
);

/** An identifier as SQLAlchemy renders it: bare when it can be, double-quoted otherwise. */
export function quoteIdentifier(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name`, each part quoted as needed; the schema left out when there is none. */
export function qualifiedName(name: string, schema?: string): string {
  return schema ? `${quoteIdentifier(schema)}.${quoteIdentifier(name)}` : quoteIdentifier(name);
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
