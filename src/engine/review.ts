import { plannedIndexes } from '../analysis/planned-indexes.js';
import { FACT_STATEMENT_START, SchemaFacts } from '../analysis/schema-facts.js';
import { classifyFile, isMigrationKind } from '../classify/classify-file.js';
import { detectTool, isReverseMigration, reverseMigrationReason } from '../classify/migration-tool.js';
import { changeOrder, orderMigrations } from '../classify/order-migrations.js';
import type { Config } from '../config/schema.js';
import { isRuleOff } from '../findings/rule-settings.js';
import { loadSqlParser, parseSql } from '../parse/sql/parse-sql.js';
import { ALL_RULES } from '../rules/index.js';
import type { DryRunner } from '../dry-run/types.js';
import { runDryRunStage } from './apply-dry-run.js';
import { appliedVersion, baseBeforeChange } from './base-migrations.js';
import { applyLlmReview, type LlmStageDeps } from './apply-llm-review.js';
import { prepareAlembicStage, type AlembicStage } from './alembic-stage.js';
import { reviewAlembicFile } from './review-alembic-file.js';
import { reviewConfigFile } from './review-config-file.js';
import { prepareModelMigrationStage, type ModelMigrationContext } from './model-migration-stage.js';
import { reviewModelFile } from './review-model-file.js';
import { setAsideNonMigrationSql } from './set-aside-sql-stage.js';
import { reviewPrismaFile } from './review-prisma-file.js';
import { migratedObjects, type MigratedObjects } from './prisma-migration-overlap.js';
import type { WorkerSetting } from './parallel-review.js';
import { reviewEachFile } from './review-each-file.js';
import { notReviewedFileReview, reviewFailingClosed } from './fail-closed.js';
import { reviewSqlFile, type SqlFileInput } from './review-sql-file.js';
import { buildRolloutPlan } from './rollout-plan.js';
import { applyTableStats } from '../stats/apply-stats.js';
import type { StatsSnapshot } from '../stats/stats-snapshot.js';
import type { Changeset, ChangedFile, FileKind, FileReview, Finding, MigrationTool, Review } from '../review-types/index.js';
import { maxRisk } from '../review-types/index.js';

/**
 * The engine: a changeset in, a review out. It reads top to bottom as the pipeline in DESIGN.md:
 *   1. classify the changed files      2. learn the base schema from base-side migrations
 *   3. order the migrations            4. review each file (rules, suppressions, risk)
 *   5. assemble the review (risk of the change, rollout plan, stats)
 * No I/O here: adapters (CLI, GitHub App) collect the changeset and publish the result.
 */

/** LLM architect review (src/engine/apply-llm-review.ts): `model`, `llmSkipped`, `llmCache`. */
export interface ReviewDeps extends LlmStageDeps {
  onProgress?: (done: number, total: number, path: string) => void;
  now?: () => number;
  /** Worker threads for step 4 (see parallel-review.ts): a number, or `auto`; default DBARCH_WORKERS, else none. */
  workers?: WorkerSetting;
  /**
   * Dry run (embedded PGlite or a real server). Absent or `true` without a runner: no dry run
   * (review() never starts PostgreSQL on its own); `false` (--no-dry-run): none, and stats say so.
   */
  dryRun?: DryRunner | boolean;
  /** Production table sizes and traffic (dbarch.stats/v1): findings get sizes and duration estimates (src/stats). */
  tableStats?: StatsSnapshot;
}

interface ClassifiedFile extends ChangedFile {
  kind: FileKind;
  tool: MigrationTool;
  /** An applied migration the change edits: its base version (base-migrations.ts, appliedVersion). */
  applied?: { content?: string };
}

export async function review(input: Changeset, config: Config, deps: ReviewDeps = {}): Promise<Review> {
  const now = deps.now ?? Date.now;
  const started = now();
  await loadSqlParser();
  const rules = ALL_RULES.filter((rule) => !isRuleOff(config, rule.id));
  // SQL in another dialect and full-schema snapshots: skipped with the reason, and out of the base
  // (`changeset` from here on), so no stage parses, learns from or replays them.
  const { files: classified, changeset, note: baseNote } = setAsideNonMigrationSql(classifyChanges(input, config), input, config);
  const facts = learnBaseSchema(changeset, config);
  learnPlannedIndexes(classified, facts);
  const alembic = await prepareAlembicStage(classified, changeset.baseFiles, config);
  // models: the tables this change's migrations touch, for model-change-without-migration and prisma-schema-without-migration.
  // Only a real change can say a model changed without its migration (not files named on a command line).
  const modelMigrations =
    changeset.mode === 'paths' ? undefined : prepareModelMigrationStage(classified, changeset.baseFiles, config, facts);
  const ordered = orderForReview(classified, changeset, alembic);
  // Prisma: what the change's migration.sql files create, whose findings schema.prisma does not repeat.
  const prismaMigrated = migratedObjects(classified);
  const { reviews: files, suppressed } = await reviewEachFile(ordered, {
    facts,
    config,
    rules,
    workers: deps.workers,
    onProgress: deps.onProgress,
    sqlInput: sqlFileInput,
    // Fail closed: a file whose review throws gets an internal-error finding, and the others are still reviewed.
    review: (file, factsNow) =>
      reviewFailingClosed(file, config, () => reviewOneFile(file, config, rules, factsNow, alembic, modelMigrations, prismaMigrated)),
  });
  // dry run (deps.dryRun): observed locks, rewrites and failures merged into the file reviews.
  const dryRun =
    typeof deps.dryRun === 'object'
      ? await runDryRunStage(changeset, config, files, deps.dryRun)
      : deps.dryRun === false
        ? { skipped: 'turned off with --no-dry-run' }
        : undefined;
  // stats (deps.tableStats): sizes, estimated durations and small-table notices, after the dry run's findings.
  if (deps.tableStats) applyTableStats(files, deps.tableStats, config.stats);
  const result = assembleReview(changeset, files, { suppressed, durationMs: now() - started });
  if (dryRun?.skipped) result.stats.skipped['dry-run'] = dryRun.skipped;
  if (baseNote) result.stats.skipped['schema.base'] = baseNote;
  if (dryRun?.summary) result.dryRun = dryRun.summary;
  // llm (deps.model): advice grounded on the findings above, merged last; it never changes a risk.
  await applyLlmReview(result, changeset, config, deps);
  if (deps.model) result.stats.durationMs = now() - started;
  return result;
}

/**
 * 1. Kind and migration tool of every changed file; files of no interest are dropped, except a file
 * named on the command line (PATH mode), which is listed as skipped with the reason.
 */
function classifyChanges(changeset: Changeset, config: Config): ClassifiedFile[] {
  const result: ClassifiedFile[] = [];
  for (const file of changeset.files) {
    const kind = classifyFile(file.path, file.content ?? file.baseContent, config, { explicit: true });
    if (kind === 'other' && changeset.mode !== 'paths') continue;
    const tool = config.migrations.tool === 'auto' ? detectTool(file.path, file.content) : config.migrations.tool;
    const applied = isMigrationKind(kind) ? appliedVersion(file, changeset.baseFiles) : undefined;
    result.push({ ...file, kind, tool, ...(applied ? { applied } : {}) });
  }
  return result;
}

/**
 * 2. Objects that exist before the change (origin "base"), from the same base migrations the dry
 * run replays (base-migrations.ts): without rollback scripts, and without the old version of a
 * file the change edits, whose head version the review then runs in its place.
 */
function learnBaseSchema(changeset: Changeset, config: Config): SchemaFacts {
  const facts = new SchemaFacts('base');
  for (const file of baseBeforeChange(changeset, config)) {
    // Only CREATE/ALTER/DROP statements can teach facts: data loads and DML in the history are not parsed.
    for (const statement of parseSql(file.content, { only: FACT_STATEMENT_START }).statements) facts.apply(statement);
  }
  return facts.withOrigin('change');
}

/** 2b. Indexes the change's migrations create, so a rule can see an index that a later file adds. */
function learnPlannedIndexes(files: readonly ClassifiedFile[], facts: SchemaFacts): void {
  const sql = files.filter(
    (file) =>
      (file.kind === 'sql-migration' || file.kind === 'prisma-migration') &&
      file.content !== undefined &&
      !isReverseMigration(file.path, file.content),
  );
  for (const [table, lists] of plannedIndexes(sql.map((file) => file.content!))) facts.plannedIndexes.set(table, lists);
}

/** 3. Migrations in the order their tool applies them, then everything else by path. */
function orderForReview(files: ClassifiedFile[], changeset: Changeset, alembic?: AlembicStage<ClassifiedFile>): ClassifiedFile[] {
  // Alembic revisions follow their down_revision graph, not their file names. A plan or LOADORDER
  // is no migration, so not among `files`: changeOrder reads the change's own, else the base's.
  const migrations = orderMigrations(
    files.filter((file) => isMigrationKind(file.kind) && file.kind !== 'alembic'),
    changeOrder(changeset),
  );
  migrations.push(...(alembic?.ordered ?? []));
  const others = files.filter((file) => !isMigrationKind(file.kind)).sort((a, b) => a.path.localeCompare(b.path));
  return [...migrations, ...others];
}

/** 4. One file: migrations, models and Prisma schemas are analysed; other kinds say why they were not. */
function reviewOneFile(
  file: ClassifiedFile,
  config: Config,
  rules: typeof ALL_RULES,
  facts: SchemaFacts,
  alembic?: AlembicStage<ClassifiedFile>,
  modelMigrations?: ModelMigrationContext,
  prismaMigrated?: MigratedObjects,
): { review: FileReview; suppressed: number } {
  const skipped = (reason: string) => ({
    review: { path: file.path, kind: file.kind, tool: file.tool, risk: 'safe' as const, findings: [], statements: [], skipped: reason },
    suppressed: 0,
  });
  if (file.status === 'removed') return skipped('removed in this change');
  if (file.kind === 'other') return skipped(NOT_REVIEWABLE);
  if (file.content === undefined && file.outOfScope) return skipped(file.skipReason ?? 'out of scope');
  // Fail closed: contents that did not arrive (too large, binary, not UTF-8, not fetched) are a finding that counts.
  if (file.content === undefined) {
    return { review: notReviewedFileReview(file, config, file.skipReason ?? 'contents not available', file.skipLine), suppressed: 0 };
  }
  if (file.kind === 'config') return { review: reviewConfigFile(file.path, file.content), suppressed: 0 };
  if (file.kind === 'alembic')
    return splitSuppressed(reviewAlembicFile({ ...file, content: file.content }, { config, rules, facts, graph: alembic?.graph }));
  if (file.kind === 'sqlalchemy-model' || file.kind === 'sqlmodel-model')
    return splitSuppressed(reviewModelFile({ ...file, content: file.content }, { config, rules, migrations: modelMigrations }));
  if (file.kind === 'prisma-schema')
    return splitSuppressed(
      reviewPrismaFile({ ...file, content: file.content }, { config, rules, migrations: modelMigrations, migrated: prismaMigrated }),
    );
  if (file.kind !== 'sql-migration' && file.kind !== 'prisma-migration')
    return skipped(`${file.kind} files are not analysed by this version`);
  const rollback = reverseMigrationReason(file.path, file.content);
  if (rollback) return skipped(rollback);
  const { suppressed, ...review } = reviewSqlFile(sqlFileInput(file)!, { config, rules, facts });
  return { review, suppressed };
}

/** Why a named file of no known kind is listed but not reviewed (it does not fail the review: it is no migration). */
const NOT_REVIEWABLE = 'not a migration, model or config file dbarch reviews (see paths: in docs/configuration.md to map it to a kind)';

/** The input of a file that reviewOneFile reviews as SQL (so a worker thread can); undefined for the others. */
function sqlFileInput(file: ClassifiedFile): SqlFileInput | undefined {
  if (file.status === 'removed' || file.content === undefined) return undefined;
  if (file.kind !== 'sql-migration' && file.kind !== 'prisma-migration') return undefined;
  if (isReverseMigration(file.path, file.content)) return undefined;
  return { path: file.path, content: file.content, kind: file.kind, tool: file.tool, ...(file.applied ? { applied: file.applied } : {}) };
}

function splitSuppressed({ suppressed, ...review }: FileReview & { suppressed: number }): { review: FileReview; suppressed: number } {
  return { review, suppressed };
}

/** 5. The change's verdict, findings in path/line order, the rollout plan and stats. */
function assembleReview(changeset: Changeset, files: FileReview[], totals: { suppressed: number; durationMs: number }): Review {
  // Each file's findings in line/column order too (rules, syntax errors, suppressions and the dry run add theirs separately): renderers keep it.
  for (const file of files) file.findings.sort(byLocation);
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
