import type { ReportFields } from './report.js';
import type { Span } from '../../parse/python/python-values.js';
import type { ModelModule, ModelSubject } from '../../models/model-types.js';

/** What a model rule (`checkModel`) sees: one SQLAlchemy/SQLModel module, read into tables. */

export interface ModelReport extends ReportFields {
  /** Python source range (character offsets) to report at. */
  span: Span;
  /**
   * In a modified file only findings about new or changed subjects are kept: the change is
   * reviewed, not the whole history of the module.
   */
  subject: ModelSubject;
}

export interface ModelRuleContext {
  path: string;
  module: ModelModule;
  report(report: ModelReport): void;
}
