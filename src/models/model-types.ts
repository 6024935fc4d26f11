import type { PythonComment, PythonSyntaxError } from '../parse/python/python-parser.js';
import type { Span } from '../parse/python/python-values.js';
import type { LineIndex } from '../parse/sql/source-text.js';

/**
 * What dbarch reads from a SQLAlchemy (1.4 `Column`, 2.0 `Mapped`/`mapped_column`) or SQLModel
 * (`Field`) module: the tables its classes map, with every fact located by character offsets so
 * findings land on the model's Python line. Facts that cannot be read statically are `undefined`
 * (unknown), never guessed: rules stay silent on unknowns.
 */

export type ModelStyle = 'sqlalchemy' | 'sqlmodel' | 'table';

export interface ModelForeignKey {
  /** `"users.id"` as written; the table and column parts when the target is a literal. */
  target: string;
  table?: string;
  column?: string;
  /** ondelete= as written; undefined when absent, null when present but not a literal. */
  onDelete?: string | null;
  span: Span;
}

export interface ModelColumn {
  /** The database column name (the explicit name argument, else the attribute). */
  name: string;
  attribute: string;
  /** The whole attribute statement (`x = Column(...)` / `x: Mapped[int] = ...`). */
  span: Span;
  /** Last name of the SQLAlchemy type (`DateTime`, `JSON`, `Float` …), when known. */
  typeName?: string;
  /** The type as written (`sa.DateTime(timezone=True)`), for messages and change detection. */
  typeText?: string;
  typeSpan?: Span;
  /** `timezone=` of a DateTime/TIMESTAMP type; false when not given. */
  timezone?: boolean;
  /** Whether the type came from the Python annotation only (subject to a base's type_annotation_map). */
  typeFromAnnotation: boolean;
  /** `nullable=` when given as a literal. */
  nullableArgument?: { value: boolean; span: Span };
  /** What the annotation says (`Optional[...]`, `X | None`), when there is a typed annotation. */
  annotationOptional?: boolean;
  annotationSpan?: Span;
  /** Resulting nullability, as SQLAlchemy/SQLModel decide it. */
  nullable: boolean;
  primaryKey: boolean;
  unique: boolean;
  index: boolean;
  serverDefault?: { text: string; span: Span };
  pythonDefault?: Span;
  foreignKeys: ModelForeignKey[];
}

export interface ModelIndex {
  name?: string;
  /** Column names in order; undefined entries are expressions that are not plain columns. */
  columns: Array<string | undefined>;
  unique: boolean;
  /** 'primary-key' for PrimaryKeyConstraint. */
  kind: 'index' | 'unique' | 'primary-key';
  span: Span;
}

export interface ModelRelationship {
  attribute: string;
  target?: string;
  span: Span;
  /** The `backref=` argument, when given. */
  backref?: Span;
  /** lazy= as written; null when given but not a literal. */
  lazy?: string | null;
  /** A one-to-many or many-to-many collection (list annotation, uselist=True or secondary=). */
  collection: boolean;
  viewonly: boolean;
}

export interface ModelTable {
  className: string;
  tableName: string;
  style: ModelStyle;
  /** The class name (or the Table(...) call) where table-level findings go. */
  nameSpan: Span;
  /** The whole class (or Table(...) assignment), for suppressions above it. */
  span: Span;
  columns: ModelColumn[];
  /** Indexes, unique and primary key constraints from index=/unique= flags aside (those are on the columns). */
  indexes: ModelIndex[];
  tableForeignKeys: Array<{ columns: string[]; foreignKey: ModelForeignKey }>;
  relationships: ModelRelationship[];
  /**
   * False when some of the class's columns may come from where dbarch cannot see (a base class or
   * mixin imported from another module, `__table_args__` computed at run time): rules about what
   * is missing (a primary key, an index) stay silent then.
   */
  complete: boolean;
  /**
   * False when indexes or constraints may be declared where dbarch cannot read them (a
   * `@declared_attr` `__table_args__`, a computed tuple); imported bases rarely add indexes, so
   * they do not count here.
   */
  indexesKnown: boolean;
}

export interface ModelModule {
  tables: ModelTable[];
  syntaxErrors: PythonSyntaxError[];
  comments: PythonComment[];
  lines: LineIndex;
}

/** What a model finding is about: in a modified module only new or changed subjects are judged. */
export interface ModelSubject {
  /** The table the finding is about (its database name). */
  table: string;
  /** The column or relationship attribute; absent for findings about the whole table. */
  attribute?: string;
}
