import type { LineIndex } from '../sql/source-text.js';

/**
 * A `schema.prisma` file as dbarch reads it: models with their fields and attributes, enums, and
 * the datasource provider. Positions are character offsets into the file.
 */

export interface PrismaSpan {
  start: number;
  end: number;
}

export interface PrismaAttribute {
  /** Without the `@`/`@@`: "id", "unique", "relation", "db.Timestamptz", "@index" is "index". */
  name: string;
  /** `@@index` (block attribute) rather than `@index`. */
  block: boolean;
  /** Unnamed arguments as written (`[userId, createdAt]`, `"Posts"`). */
  positional: string[];
  /** Named arguments as written: `fields: [userId]`, `onDelete: Cascade`. */
  named: Map<string, string>;
  span: PrismaSpan;
}

export interface PrismaField {
  name: string;
  /** The type without `?`/`[]`: "DateTime", "User", `Unsupported("…")`. */
  type: string;
  optional: boolean;
  list: boolean;
  attributes: PrismaAttribute[];
  /** The whole field line. */
  span: PrismaSpan;
  nameSpan: PrismaSpan;
  typeSpan: PrismaSpan;
}

export interface PrismaModel {
  name: string;
  /** `@@map("…")`, else the model name: the table in the database. */
  tableName: string;
  fields: PrismaField[];
  blockAttributes: PrismaAttribute[];
  span: PrismaSpan;
  nameSpan: PrismaSpan;
  /** `view` blocks (preview feature) map no table of their own. */
  view: boolean;
}

export interface PrismaSyntaxError {
  message: string;
  span: PrismaSpan;
}

export interface PrismaSchema {
  models: PrismaModel[];
  enums: Set<string>;
  /** `provider` of the datasource block, when given literally ("postgresql", "mysql" …). */
  provider?: string;
  errors: PrismaSyntaxError[];
  /** `//` comments (suppressions), with offsets. */
  comments: Array<{ start: number; end: number; text: string }>;
  lines: LineIndex;
}

/** What a Prisma finding is about: in a modified schema only new or changed models and fields are judged. */
export interface PrismaSubject {
  model: string;
  field?: string;
}
