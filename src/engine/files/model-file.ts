import { SchemaFacts } from '../../analysis/schema-facts.js';
import type { FileReview } from '../../review-types/index.js';
import { subjectFilter } from '../../models/model-diff.js';
import type { ModelModule } from '../../models/model-types.js';
import { readModels } from '../../models/read-models.js';
import type { Span } from '../../parse/python/python-values.js';
import modelSyntaxError from '../../rules/model-syntax-error.js';
import { missingMigrationFindings, type ModelMigrationContext } from '../changes/model-migrations.js';
import { declaredFinding, finishDeclaredFile, type DeclaredFinding } from './declared-schema-file.js';
import type { FileReviewer, ReviewableFile, ReviewContext } from './file-reviewer.js';

/**
 * Reviews one SQLAlchemy/SQLModel model module: the model rules (`checkModel`) run on the tables
 * read from it; in a modified file only new or changed tables, columns and relationships are
 * judged. Needs loadPythonParser() awaited first. Malformed Python is a finding, never a crash.
 */

export const modelFileReviewer: FileReviewer = {
  review(file, context) {
    const head = readModels(file.content);
    const base = file.baseContent === undefined ? undefined : readModels(file.baseContent);
    const isNew = subjectFilter(base, head);
    const reported: DeclaredFinding[] = [];
    for (const rule of context.rules) {
      rule.checkModel?.({
        path: file.path,
        module: head,
        report(report) {
          if (!isNew(report.subject)) return;
          reported.push(declaredFinding(rule, report));
        },
      });
    }
    reported.push(...syntaxErrors(head));
    if (context.change.modelMigrations) reported.push(...missingMigrationFindings(base, head, context.change.modelMigrations));
    const declared = { path: file.path, kind: file.kind, lines: head.lines, comments: head.comments, anchors: modelAnchors(head) };
    return finishDeclaredFile(declared, reported, context);
  },
};

/** For callers that review one model module on its own (tests, the corpus check). */
export function reviewModelFile(
  file: Pick<ReviewableFile, 'path' | 'content' | 'kind'> & { baseContent?: string },
  context: Pick<ReviewContext, 'config' | 'rules'> & { migrations?: ModelMigrationContext },
): FileReview & { suppressed: number } {
  const { review, suppressed } = modelFileReviewer.review(
    { status: 'added', tool: 'plain', ...file },
    { ...context, facts: new SchemaFacts(), change: context.migrations ? { modelMigrations: context.migrations } : {}, dryRun: false },
  );
  return { ...review, suppressed };
}

/** Classes, Table(...) assignments, and their attributes: what a `# dbarch-ignore` comment can precede. */
function modelAnchors(module: ModelModule): Span[] {
  return module.tables.flatMap((table) => [
    table.span,
    ...table.columns.map((column) => column.span),
    ...table.relationships.map((relationship) => relationship.span),
  ]);
}

function syntaxErrors(module: ModelModule): DeclaredFinding[] {
  return module.syntaxErrors.map((error) => {
    const start = module.lines.lineStart(error.range.line) + error.range.column - 1;
    return declaredFinding(modelSyntaxError, {
      span: { start, end: start },
      message:
        `Python cannot parse this model module here (${error.message}): the application, its workers and Alembic's autogenerate fail to import it. ` +
        'Fix the syntax (`python -m py_compile` shows the same error); dbarch reviewed the parts it could read.',
    });
  });
}
