import type { SchemaFacts } from '../../analysis/schema-facts.js';
import type { Risk, Severity, Fix } from '../../review-types/index.js';
import type { SqlStatement } from '../sql/parse-sql.js';
import type { Span } from '../python/python-values.js';
import type { AlembicRevision } from './read-revision.js';

/** What an Alembic rule (`checkAlembic`) sees: the revision as read from Python, and its place in the graph. */

export interface RevisionGraphFacts {
  /** Heads of the revision graph before the change (base revisions only). */
  headsBefore: readonly string[];
  /** Heads after the change (base and changed revisions). */
  headsAfter: readonly string[];
}

export interface AlembicReport {
  message: string;
  /** Python source range (character offsets) to report at; the upgrade() name when absent. */
  span?: Span;
  risk?: Risk;
  severity?: Severity;
  help?: string;
  fix?: Fix;
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
