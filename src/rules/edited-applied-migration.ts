import { defineRule, type RuleReport } from './api/define-rule.js';
import type { EditedMigration, FileContext } from './api/sql-context.js';
import { toolName } from './support/non-transactional-advice.js';

/**
 * A migration that exists at the base has already run where it was applied. Editing it changes
 * nothing there (tools never run an applied migration again), so databases migrated before and
 * after the edit end up different, and tools that checksum applied migrations refuse to go on.
 * The engine marks such files (FileInfo.edited) and reviews only their changed statements.
 */
export default defineRule({
  id: 'edited-applied-migration',
  summary: 'A migration that exists at the base (already applied) is edited instead of adding a new one',
  risk: 'safe',
  severity: 'warning',
  category: 'correctness',
  help:
    'Leave applied migrations as they were and put the change into a new migration. If the edit only restores ' +
    'the text that was applied (a checksum repair), revert the file to exactly that text.',
  checkFile(context) {
    const edited = context.file.edited;
    if (!edited) return;
    // Alembic keeps no checksum: a revision whose operations are all as they were (a reformat, an
    // import change) changes nothing for any database.
    if (context.file.tool === 'alembic' && edited.compared && edited.changed === 0 && edited.removed === 0) return;
    // Repeatable scripts are meant to be edited: their tool runs them again whenever they change.
    if (isRepeatable(context.file.path)) return;
    if (edited.compared && edited.changed === 0 && edited.removed === 0) return reportReformat(context);
    context.report(editReport(context, edited));
  },
});

/**
 * Flyway's repeatable migrations (`R__name.sql`) and folders of scripts re-run on every change
 * (Lemmy's `replaceable_schema/`, `repeatable/`): their changed statements are still reviewed.
 */
const REPEATABLE = /(?:^|\/)R__[^/]*\.sql$|(?:^|\/)(?:replaceable|repeatable)s?(?:[_-][^/]*)?\//i;

export function isRepeatable(path: string): boolean {
  return REPEATABLE.test(path.replace(/\\/g, '/'));
}

function editReport({ file, statements }: FileContext, edited: EditedMigration): RuleReport {
  const first = statements.find((statement) => !edited.unchanged.has(statement.index));
  const lines = first ? { line: first.range.line, endLine: first.range.endLine } : { line: 1, endLine: 1 };
  return {
    lines,
    message: `This migration exists at the base, so it has already run where it was applied, and the change edits it (${whatChanged(edited, first?.range.line)}). ${consequence(file.tool)}`,
  };
}

/**
 * Only whitespace, comments or formatting changed: no database's schema can drift from it. What is
 * left is the checksum that Flyway, Prisma and sqitch keep of each applied file (a warning: they
 * refuse to migrate); golang-migrate, dbmate, goose, Diesel and Supabase keep none, and an unknown
 * runner may not either, so there it is only a notice.
 */
const CHECKSUMMING: ReadonlySet<FileContext['file']['tool']> = new Set(['flyway', 'prisma', 'sqitch']);

function reportReformat({ file, report }: FileContext): void {
  const checksums = CHECKSUMMING.has(file.tool);
  const tool = toolName(file.tool);
  report({
    lines: { line: 1, endLine: 1 },
    message:
      `This migration exists at the base and the change edits it, but no statement changed: only whitespace, comments or ` +
      `formatting, so no database's schema changes. ` +
      (checksums
        ? `${tool} keeps a checksum of every applied migration and refuses to migrate until the file is restored` +
          `${file.tool === 'flyway' ? ' (`flyway validate` fails)' : file.tool === 'prisma' ? ' (`prisma migrate` asks to reset the database)' : ''}. `
        : file.tool === 'plain'
          ? 'If the runner keeps a checksum of applied migrations (as Flyway, Prisma, Liquibase and sqitch do), it refuses to migrate until the file is restored. '
          : `${tool} keeps no checksum of applied migrations, so nothing breaks; a tool that does (Flyway, Prisma, Liquibase, sqitch) would refuse to migrate. `) +
      'Revert the file to the applied text.',
    ...(checksums ? {} : { severity: 'notice' as const }),
  });
}

function whatChanged(edited: EditedMigration, firstLine: number | undefined): string {
  if (!edited.compared) return 'its base version could not be read, so every statement is reviewed as new';
  const parts: string[] = [];
  if (edited.changed > 0)
    parts.push(`${plural(edited.changed, 'statement')} new or altered from line ${firstLine}, the only ones reviewed`);
  if (edited.removed > 0) parts.push(`${plural(edited.removed, 'statement')} of the applied version removed or replaced`);
  return parts.join('; ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function consequence(tool: FileContext['file']['tool']): string {
  if (tool === 'alembic')
    return 'Alembic never runs a revision again once the version table records it: databases already past this revision never get the changed operations, while new databases do, so their schemas drift apart.';
  return (
    'Migration tools never run an applied migration again, so the edit does not reach databases that already have it while new databases get it, and their schemas drift apart. ' +
    'Tools that keep a checksum of every applied migration (Flyway, Prisma, Liquibase, sqitch) refuse to migrate at all until the file is restored: `flyway validate` fails, `prisma migrate` asks to reset the database.'
  );
}
