import { isPostgresProvider } from '../../classify/prisma-provider.js';
import { parsePrisma } from '../../parse/prisma/parse-prisma.js';
import { prismaSubjectFilter } from '../../parse/prisma/prisma-diff.js';
import type { PrismaSchema } from '../../parse/prisma/prisma-types.js';
import prismaSyntaxError from '../../rules/prisma-syntax-error.js';
import { missingPrismaMigrationFindings } from '../changes/model-migrations.js';
import { reportedOnMigration } from '../changes/prisma-migration-overlap.js';
import { declaredFinding, finishDeclaredFile, type DeclaredFinding } from './declared-schema-file.js';
import type { FileReviewer } from './file-reviewer.js';

/**
 * Reviews one schema.prisma: the Prisma rules (`checkPrisma`) on its models; in a modified schema
 * only new or changed models and fields are judged. A schema whose datasource is not PostgreSQL is
 * skipped with the reason, since every rule is about PostgreSQL.
 */

export const prismaFileReviewer: FileReviewer = {
  review(file, context) {
    const head = parsePrisma(file.content);
    if (head.provider !== undefined && !isPostgresProvider(head.provider)) {
      const skipped = `the datasource provider is "${head.provider}": dbarch reviews PostgreSQL schemas only`;
      return { review: { path: file.path, kind: file.kind, risk: 'safe', findings: [], statements: [], skipped }, suppressed: 0 };
    }
    const base = file.baseContent === undefined ? undefined : parsePrisma(file.baseContent);
    const isNew = prismaSubjectFilter(base, head);
    const migrated = context.change.prismaMigrated;
    const reported: DeclaredFinding[] = [];
    for (const rule of context.rules) {
      rule.checkPrisma?.({
        path: file.path,
        schema: head,
        report(report) {
          if (!isNew(report.subject)) return;
          if (migrated && reportedOnMigration(rule.id, report.subject, head, migrated)) return;
          reported.push(declaredFinding(rule, report));
        },
      });
    }
    reported.push(...syntaxErrors(head));
    if (context.change.modelMigrations) reported.push(...missingPrismaMigrationFindings(base, head, context.change.modelMigrations));
    const anchors = head.models.flatMap((model) => [model.span, ...model.fields.map((field) => field.span)]);
    return finishDeclaredFile({ path: file.path, kind: file.kind, lines: head.lines, comments: head.comments, anchors }, reported, context);
  },
};

function syntaxErrors(schema: PrismaSchema): DeclaredFinding[] {
  return schema.errors.map((error) =>
    declaredFinding(prismaSyntaxError, {
      span: error.span,
      message:
        `dbarch cannot read this part of the Prisma schema (${error.message}), and Prisma most likely cannot either, so prisma generate and migrate fail. ` +
        'Fix it (`prisma format` and `prisma validate` point at the problem); the models dbarch could read were reviewed.',
    }),
  );
}
