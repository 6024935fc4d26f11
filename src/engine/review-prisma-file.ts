import type { Config } from '../config/schema.js';
import { parsePrisma } from '../parse/prisma/parse-prisma.js';
import { prismaSubjectFilter } from '../parse/prisma/prisma-diff.js';
import type { PrismaSchema } from '../parse/prisma/prisma-types.js';
import type { Rule } from '../rules/define-rule.js';
import { declaredFinding, finishDeclaredFile, type DeclaredFinding } from './declared-schema-file.js';
import { missingPrismaMigrationFindings, type ModelMigrationContext } from './model-migration-stage.js';
import { isPostgresProvider } from '../classify/prisma-provider.js';
import { reportedOnMigration, type MigratedObjects } from './prisma-migration-overlap.js';
import type { SqlFileResult } from './review-sql-file.js';
import type { FileKind } from '../review-types/index.js';

/**
 * Reviews one schema.prisma: the Prisma rules (`checkPrisma`) on its models; in a modified schema
 * only new or changed models and fields are judged. A schema whose datasource is not PostgreSQL is
 * skipped with the reason, since every rule is about PostgreSQL.
 */

export interface PrismaFileInput {
  path: string;
  content: string;
  baseContent?: string;
  kind: FileKind;
}

export interface PrismaFileContext {
  config: Config;
  rules: readonly Rule[];
  /** What the change's migrations touch; absent when the review has no change-level view. */
  migrations?: ModelMigrationContext;
  /** What the change's Prisma migrations create: their SQL findings are not repeated here. */
  migrated?: MigratedObjects;
}

export function reviewPrismaFile(input: PrismaFileInput, context: PrismaFileContext): SqlFileResult {
  const head = parsePrisma(input.content);
  if (head.provider !== undefined && !isPostgresProvider(head.provider)) {
    const skipped = `the datasource provider is "${head.provider}": dbarch reviews PostgreSQL schemas only`;
    return { path: input.path, kind: input.kind, risk: 'safe', findings: [], statements: [], skipped, suppressed: 0 };
  }
  const base = input.baseContent === undefined ? undefined : parsePrisma(input.baseContent);
  const isNew = prismaSubjectFilter(base, head);
  const reported: DeclaredFinding[] = [];
  for (const rule of context.rules) {
    rule.checkPrisma?.({
      path: input.path,
      schema: head,
      report(report) {
        if (!isNew(report.subject)) return;
        if (context.migrated && reportedOnMigration(rule.id, report.subject, head, context.migrated)) return;
        reported.push(declaredFinding(rule, report));
      },
    });
  }
  reported.push(...syntaxErrors(head));
  if (context.migrations) reported.push(...missingPrismaMigrationFindings(base, head, context.migrations));
  const anchors = head.models.flatMap((model) => [model.span, ...model.fields.map((field) => field.span)]);
  return finishDeclaredFile({ path: input.path, kind: input.kind, lines: head.lines, comments: head.comments, anchors }, reported, context);
}

function syntaxErrors(schema: PrismaSchema): DeclaredFinding[] {
  return schema.errors.map((error) => ({
    ruleId: 'prisma-syntax-error',
    severity: 'error' as const,
    risk: 'safe' as const,
    span: error.span,
    message:
      `dbarch cannot read this part of the Prisma schema (${error.message}), and Prisma most likely cannot either, so prisma generate and migrate fail. ` +
      'Fix it (`prisma format` and `prisma validate` point at the problem); the models dbarch could read were reviewed.',
  }));
}
