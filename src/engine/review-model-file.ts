import type { Config } from '../config/schema.js';
import { subjectFilter } from '../models/model-diff.js';
import type { ModelModule } from '../models/model-types.js';
import { readModels } from '../models/read-models.js';
import type { Span } from '../parse/python/python-values.js';
import type { Rule } from '../rules/define-rule.js';
import { declaredFinding, finishDeclaredFile, type DeclaredFinding } from './declared-schema-file.js';
import { missingMigrationFindings, type ModelMigrationContext } from './model-migration-stage.js';
import type { SqlFileResult } from './review-sql-file.js';
import type { FileKind } from '../review-types/index.js';

/**
 * Reviews one SQLAlchemy/SQLModel model module: the model rules (`checkModel`) run on the tables
 * read from it; in a modified file only new or changed tables, columns and relationships are
 * judged. Needs loadPythonParser() awaited first. Malformed Python is a finding, never a crash.
 */

export interface ModelFileInput {
  path: string;
  content: string;
  baseContent?: string;
  kind: FileKind;
}

export interface ModelFileContext {
  config: Config;
  rules: readonly Rule[];
  /** What the change's migrations touch; absent when the review has no change-level view. */
  migrations?: ModelMigrationContext;
}

export function reviewModelFile(input: ModelFileInput, context: ModelFileContext): SqlFileResult {
  const head = readModels(input.content);
  const base = input.baseContent === undefined ? undefined : readModels(input.baseContent);
  const isNew = subjectFilter(base, head);
  const reported: DeclaredFinding[] = [];
  for (const rule of context.rules) {
    rule.checkModel?.({
      path: input.path,
      module: head,
      report(report) {
        if (!isNew(report.subject)) return;
        reported.push(declaredFinding(rule, report));
      },
    });
  }
  reported.push(...syntaxErrors(head));
  if (context.migrations) reported.push(...missingMigrationFindings(base, head, context.migrations));
  const file = { path: input.path, kind: input.kind, lines: head.lines, comments: head.comments, anchors: modelAnchors(head) };
  return finishDeclaredFile(file, reported, context);
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
    return {
      ruleId: 'model-syntax-error',
      severity: 'error' as const,
      risk: 'safe' as const,
      span: { start, end: start },
      message:
        `Python cannot parse this model module here (${error.message}): the application, its workers and Alembic's autogenerate fail to import it. ` +
        'Fix the syntax (`python -m py_compile` shows the same error); dbarch reviewed the parts it could read.',
    };
  });
}
