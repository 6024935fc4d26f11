import { defaultConfig } from '../../src/config/load-config.js';
import { review } from '../../src/engine/review.js';
import type { ChangedFile, Finding } from '../../src/review-types/index.js';

/**
 * Reviews one schema.prisma through the whole engine, as a change that adds it (or, given `base`,
 * modifies it). `others` are further files of the same change (Prisma migrations). The repository
 * keeps Prisma migrations (an earlier one is on the base), unless `prismaMigrate` is false.
 */
export interface LintPrismaOptions {
  base?: string;
  path?: string;
  others?: ChangedFile[];
  prismaMigrate?: boolean;
}

const EARLIER_MIGRATION = { path: 'prisma/migrations/20240101000000_init/migration.sql', content: '-- the first migration\nSELECT 1;\n' };

export async function lintPrisma(schema: string, options: LintPrismaOptions = {}): Promise<Finding[]> {
  const path = options.path ?? 'prisma/schema.prisma';
  const file: ChangedFile =
    options.base === undefined
      ? { path, status: 'added', content: schema }
      : { path, status: 'modified', content: schema, baseContent: options.base };
  const baseFiles = options.prismaMigrate === false ? [] : [EARLIER_MIGRATION];
  const result = await review({ files: [file, ...(options.others ?? [])], baseFiles }, defaultConfig());
  return result.findings;
}

export async function prismaFindings(ruleId: string, schema: string, options: LintPrismaOptions = {}): Promise<Finding[]> {
  return (await lintPrisma(schema, options)).filter((finding) => finding.ruleId === ruleId);
}
