import type { SchemaFacts } from '../../analysis/schema-facts.js';
import type { Config } from '../../config/schema.js';
import type { DryRunFileInput } from '../../dry-run/types.js';
import type { FileOutcome } from '../../findings/finish-file.js';
import type { Rule } from '../../rules/api/define-rule.js';
import type { ChangeStatus, FileKind, MigrationTool } from '../../review-types/index.js';
import type { ChangeContext } from '../changes/change-context.js';

/**
 * One reviewer per kind of file (sql-file.ts, alembic-file.ts, model-file.ts, prisma-file.ts,
 * config-file.ts), all behind this interface: review-each-file.ts picks the reviewer by kind, and
 * every reviewer ends with finishFile (src/findings/finish-file.ts) for severities, suppressions
 * and risk.
 */

/** A changed file with its contents, as a reviewer gets it. */
export interface ReviewableFile {
  path: string;
  status: ChangeStatus;
  kind: FileKind;
  tool: MigrationTool;
  content: string;
  /** The base version, when the file existed there (models and Prisma schemas judge what changed). */
  baseContent?: string;
  /**
   * An applied migration the change edits: its base version (content undefined when it could not
   * be read). Only the statements the change adds or alters are reviewed.
   */
  applied?: { content?: string };
}

export interface ReviewContext {
  config: Config;
  /** The rules that run (those the config turns off are not among them). */
  rules: readonly Rule[];
  /** The schema as the files before this one leave it: a migration's review updates it for the next. */
  facts: SchemaFacts;
  /** What the change as a whole tells a file's review (changes/change-context.ts). */
  change: ChangeContext;
  /** A dry run follows: SQL reviewers keep each statement's text for it (its input, without parsing again). */
  dryRun: boolean;
}

/** A reviewer's result: the finished file review, and the dry run's input for a SQL migration. */
export interface ReviewedFile extends FileOutcome {
  dryRunStatements?: DryRunFileInput['statements'];
}

export interface FileReviewer {
  review(file: ReviewableFile, context: ReviewContext): ReviewedFile;
}
