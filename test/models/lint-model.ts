import { defaultConfig } from '../../src/config/load-config.js';
import { review } from '../../src/engine/review.js';
import type { ChangedFile, Finding } from '../../src/review-types/index.js';

/**
 * Reviews one model module through the whole engine, as the CLI or the App would for a change
 * that adds it (or, given `base`, modifies it). `others` are further files of the same change
 * (migrations), so change-level rules see them.
 */
export interface LintModelOptions {
  base?: string;
  path?: string;
  others?: ChangedFile[];
}

export async function lintModel(python: string, options: LintModelOptions = {}): Promise<Finding[]> {
  const path = options.path ?? 'app/models.py';
  const file: ChangedFile =
    options.base === undefined
      ? { path, status: 'added', content: python }
      : { path, status: 'modified', content: python, baseContent: options.base };
  const result = await review({ files: [file, ...(options.others ?? [])], baseFiles: [] }, defaultConfig());
  return result.findings;
}

/** Findings of one rule, for compact assertions. */
export async function modelFindings(ruleId: string, python: string, options: LintModelOptions = {}): Promise<Finding[]> {
  return (await lintModel(python, options)).filter((finding) => finding.ruleId === ruleId);
}
