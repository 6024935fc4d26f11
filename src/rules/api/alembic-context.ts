import type { ReportFields } from './report.js';
import type { SchemaFacts } from '../../analysis/schema-facts.js';
import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import type { Span } from '../../parse/python/python-values.js';
import type { AlembicRevision, RevisionGraphFacts } from '../../parse/alembic/index.js';

/** What an Alembic rule (`checkAlembic`) sees: the revision as read from Python, and its place in the graph. */

export interface AlembicReport extends ReportFields {
  /** Python source range (character offsets) to report at; the upgrade() name when absent. */
  span?: Span;
  /** The generated statement the finding is about (for suppressions and the statement's risk). */
  statementIndex?: number;
  /** Rules whose findings on the same statement say the same thing in SQL terms: they are dropped. */
  supersedes?: readonly string[];
}

export interface AlembicRuleContext {
  path: string;
  revision: AlembicRevision;
  graph?: RevisionGraphFacts;
  /** Whether Alembic runs the revision in a transaction (transactional DDL; config `migrations.transaction`). */
  implicitTransaction: boolean;
  /** Schema facts after the revision's statements (tables it creates are new). */
  facts: SchemaFacts;
  statements: readonly SqlStatement[];
  report(report: AlembicReport): void;
}
