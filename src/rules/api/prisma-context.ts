import type { ReportFields } from './report.js';
import type { PrismaSchema, PrismaSpan, PrismaSubject } from '../../parse/prisma/prisma-types.js';

/** What a Prisma rule (`checkPrisma`) sees: one schema.prisma file, parsed. */

export interface PrismaReport extends ReportFields {
  span: PrismaSpan;
  /** The model (and field) the finding is about: in a modified schema only new or changed ones are kept. */
  subject: PrismaSubject;
}

export interface PrismaRuleContext {
  path: string;
  schema: PrismaSchema;
  report(report: PrismaReport): void;
}
