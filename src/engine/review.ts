import { SchemaFacts } from '../analysis/schema-facts.js';
import { classifyFile, isMigrationKind } from '../classify/classify-file.js';
import { detectTool, isReverseMigration } from '../classify/migration-tool.js';
import { orderMigrations, parseSqitchPlan } from '../classify/order-migrations.js';
import type { Config } from '../config/schema.js';
import { isRuleOff } from '../findings/rule-settings.js';
import { loadSqlParser, parseSql } from '../parse/sql/parse-sql.js';
import { ALL_RULES } from '../rules/registry.js';
import { reviewConfigFile } from './review-config-file.js';
import { reviewSqlFile } from './review-sql-file.js';
import { buildRolloutPlan } from './rollout-plan.js';
import type { Changeset, ChangedFile, FileKind, FileReview, Finding, MigrationTool, Review } from './types.js';
import { maxRisk } from './types.js';

/**
 * The engine: a changeset in, a review out. It reads top to bottom as the pipeline in DESIGN.md:
 *   1. classify the changed files      2. learn the base schema from base-side migrations
 *   3. order the migrations            4. review each file (rules, suppressions, risk)
 *   5. assemble the review (risk of the change, rollout plan, stats)
 * No I/O here: adapters (CLI, GitHub App) collect the changeset and publish the result.
 */

export interface ReviewDeps {
  onProgress?: (done: number, total: number, path: string) => void;
  now?: () => number;
}

interface ClassifiedFile extends ChangedFile {
  kind: FileKind;
  tool: MigrationTool;
}

export async function review(changeset: Changeset, config: Config, deps: ReviewDeps = {}): Promise<Review> {
  const now = deps.now ?? Date.now;
  const started = now();
  await loadSqlParser();
  const rules = ALL_RULES.filter((rule) => !isRuleOff(config, rule.id));
  const classified = classifyChanges(changeset, config);
  const facts = learnBaseSchema(changeset, config);
  const ordered = orderForReview(classified, changeset);
  const files: FileReview[] = [];
  let suppressed = 0;
  for (const [index, file] of ordered.entries()) {
    const result = reviewOneFile(file, config, rules, facts);
    files.push(result.review);
    suppressed += result.suppressed;
    deps.onProgress?.(index + 1, ordered.length, file.path);
  }
  return assembleReview(changeset, files, { suppressed, durationMs: now() - started });
}

/** 1. Kind and migration tool of every changed file; files of no interest are dropped. */
function classifyChanges(changeset: Changeset, config: Config): ClassifiedFile[] {
  const result: ClassifiedFile[] = [];
  for (const file of changeset.files) {
    const kind = classifyFile(file.path, file.content ?? file.baseContent, config, { explicit: true });
    if (kind === 'other') continue;
    const tool = config.migrations.tool === 'auto' ? detectTool(file.path, file.content) : config.migrations.tool;
    result.push({ ...file, kind, tool });
  }
  return result;
}

/** 2. Objects that exist before the change, from the base side's SQL migrations (origin "base"). */
function learnBaseSchema(changeset: Changeset, config: Config): SchemaFacts {
  const facts = new SchemaFacts('base');
  const baseMigrations = (changeset.baseFiles ?? []).filter((file) => {
    const kind = classifyFile(file.path, file.content, config);
    return (kind === 'sql-migration' || kind === 'prisma-migration') && !isReverseMigration(file.path, file.content);
  });
  for (const file of orderMigrations(baseMigrations)) {
    for (const statement of parseSql(file.content).statements) facts.apply(statement);
  }
  return facts.withOrigin('change');
}

/** 3. Migrations in the order their tool applies them, then everything else by path. */
function orderForReview(files: ClassifiedFile[], changeset: Changeset): ClassifiedFile[] {
  const planFile = [...files, ...(changeset.baseFiles ?? [])].find((file) => file.path.endsWith('sqitch.plan'));
  const sqitchPlan = planFile?.content ? parseSqitchPlan(planFile.content) : undefined;
  const migrations = orderMigrations(files.filter((file) => isMigrationKind(file.kind)), { sqitchPlan });
  const others = files.filter((file) => !isMigrationKind(file.kind)).sort((a, b) => a.path.localeCompare(b.path));
  return [...migrations, ...others];
}

/** 4. One file: SQL migrations are analysed; other kinds say why they were not. */
function reviewOneFile(
  file: ClassifiedFile,
  config: Config,
  rules: typeof ALL_RULES,
  facts: SchemaFacts,
): { review: FileReview; suppressed: number } {
  const skipped = (reason: string) => ({
    review: { path: file.path, kind: file.kind, tool: file.tool, risk: 'safe' as const, findings: [], statements: [], skipped: reason },
    suppressed: 0,
  });
  if (file.status === 'removed') return skipped('removed in this change');
  if (file.content === undefined) return skipped(file.skipReason ?? 'contents not available');
  if (file.kind === 'config') return { review: reviewConfigFile(file.path, file.content), suppressed: 0 };
  if (file.kind !== 'sql-migration' && file.kind !== 'prisma-migration') return skipped(`${file.kind} files are not analysed by this version`);
  if (isReverseMigration(file.path, file.content)) return skipped('down/revert migration: runs only on rollback');
  const { suppressed, ...review } = reviewSqlFile({ path: file.path, content: file.content, kind: file.kind, tool: file.tool }, { config, rules, facts });
  return { review, suppressed };
}

/** 5. The change's verdict, findings in path/line order, the rollout plan and stats. */
function assembleReview(
  changeset: Changeset,
  files: FileReview[],
  totals: { suppressed: number; durationMs: number },
): Review {
  const findings: Finding[] = files.flatMap((file) => file.findings).sort(byLocation);
  const bySeverity = { error: 0, warning: 0, notice: 0 };
  for (const finding of findings) bySeverity[finding.severity] += 1;
  return {
    schema: 'dbarch.review/v1',
    risk: maxRisk(files.map((file) => file.risk)),
    files,
    findings,
    rolloutPlan: buildRolloutPlan(files),
    stats: {
      files: changeset.files.length,
      filesReviewed: files.filter((file) => !file.skipped).length,
      statements: files.reduce((sum, file) => sum + file.statements.length, 0),
      findings: findings.length,
      bySeverity,
      suppressed: totals.suppressed,
      durationMs: totals.durationMs,
      skipped: {},
    },
    ...(changeset.label ? { label: changeset.label } : {}),
  };
}

function byLocation(a: Finding, b: Finding): number {
  return a.path.localeCompare(b.path) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || a.ruleId.localeCompare(b.ruleId);
}
