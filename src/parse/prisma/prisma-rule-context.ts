import type { Fix, Risk, Severity } from '../../review-types/index.js';
import type { PrismaSchema, PrismaSpan } from './prisma-types.js';

/** What a Prisma rule (`checkPrisma`) sees: one schema.prisma file, parsed. */

export interface PrismaReport {
  message: string;
  span: PrismaSpan;
  /** The model (and field) the finding is about: in a modified schema only new or changed ones are kept. */
  subject: { model: string; field?: string };
  risk?: Risk;
  severity?: Severity;
  help?: string;
  fix?: Fix;
}

export interface PrismaRuleContext {
  path: string;
  schema: PrismaSchema;
  report(report: PrismaReport): void;
}
