import type { Fix, Risk, Severity } from '../review-types/index.js';
import type { Span } from '../parse/python/python-values.js';
import type { ModelModule } from './model-types.js';

/** What a model rule (`checkModel`) sees: one SQLAlchemy/SQLModel module, read into tables. */

export interface ModelSubject {
  /** The table the finding is about (its database name). */
  table: string;
  /** The column or relationship attribute; absent for findings about the whole table. */
  attribute?: string;
}

export interface ModelReport {
  message: string;
  /** Python source range (character offsets) to report at. */
  span: Span;
  /**
   * In a modified file only findings about new or changed subjects are kept: the change is
   * reviewed, not the whole history of the module.
   */
  subject: ModelSubject;
  risk?: Risk;
  severity?: Severity;
  help?: string;
  fix?: Fix;
}

export interface ModelRuleContext {
  path: string;
  module: ModelModule;
  report(report: ModelReport): void;
}
