import type { Fix, Risk, Severity } from '../../review-types/index.js';

/**
 * What every report says, whichever kind of file the rule checks (each kind's report adds only
 * where it is: a statement offset, a Python or Prisma span, the subject of a model finding). The
 * rule's own severity, risk and help apply where a report leaves them out (rule-finding.ts).
 */
export interface ReportFields {
  message: string;
  risk?: Risk;
  severity?: Severity;
  help?: string;
  fix?: Fix;
}
