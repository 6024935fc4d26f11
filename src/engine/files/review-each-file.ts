import type { FileKind } from '../../review-types/index.js';
import type { ClassifiedFile } from '../changes/classify-changes.js';
import { alembicFileReviewer } from './alembic-file.js';
import { configFileReviewer } from './config-file.js';
import { notReviewedFileReview, reviewFailingClosed } from './fail-closed.js';
import type { FileReviewer, ReviewContext, ReviewedFile } from './file-reviewer.js';
import { modelFileReviewer } from './model-file.js';
import { prismaFileReviewer } from './prisma-file.js';
import { sqlFileReviewer } from './sql-file.js';

/**
 * Step 5 of review(): every file in review order, each seeing the facts the files before it left.
 * Migrations, models, Prisma schemas and config are reviewed by the reviewer of their kind; other
 * files say why they were not. Fail closed: contents that did not arrive, and a review that
 * throws, are findings that count (fail-closed.ts), and the other files are still reviewed.
 */

const REVIEWERS: Partial<Record<FileKind, FileReviewer>> = {
  'sql-migration': sqlFileReviewer,
  'prisma-migration': sqlFileReviewer,
  alembic: alembicFileReviewer,
  'sqlalchemy-model': modelFileReviewer,
  'sqlmodel-model': modelFileReviewer,
  'prisma-schema': prismaFileReviewer,
  config: configFileReviewer,
};

/** Why a named file of no known kind is listed but not reviewed (it does not fail the review: it is no migration). */
const NOT_REVIEWABLE = 'not a migration, model or config file dbarch reviews (see paths: in docs/configuration.md to map it to a kind)';

export function reviewEachFile(
  files: readonly ClassifiedFile[],
  context: ReviewContext,
  onProgress?: (done: number, total: number, path: string) => void,
): ReviewedFile[] {
  return files.map((file, index) => {
    const outcome = reviewOneFile(file, context);
    onProgress?.(index + 1, files.length, file.path);
    return outcome;
  });
}

function reviewOneFile(file: ClassifiedFile, context: ReviewContext): ReviewedFile {
  const skipped = (reason: string): ReviewedFile => ({
    review: { path: file.path, kind: file.kind, tool: file.tool, risk: 'safe', findings: [], statements: [], skipped: reason },
    suppressed: 0,
  });
  if (file.status === 'removed') return skipped('removed in this change');
  if (file.kind === 'other') return skipped(NOT_REVIEWABLE);
  if (file.content === undefined && file.outOfScope) return skipped(file.skipReason ?? 'out of scope');
  // Fail closed: contents that did not arrive (too large, binary, not UTF-8, not fetched) are a finding that counts.
  if (file.content === undefined) {
    return {
      review: notReviewedFileReview(file, context.config, file.skipReason ?? 'contents not available', file.skipLine),
      suppressed: 0,
    };
  }
  const reviewer = REVIEWERS[file.kind];
  if (!reviewer) return skipped(`${file.kind} files are not analysed by this version`);
  const content = file.content;
  return reviewFailingClosed(file, context.config, () => reviewer.review({ ...file, content }, context));
}
