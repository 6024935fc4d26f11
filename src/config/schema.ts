import { z } from 'zod';
import { DEFAULT_SPREAD, OPERATIONS } from '../stats/estimate-model.js';

/**
 * The schema of `.github/dbarch.yml`. Unknown keys are rejected (a typo must not silently turn a
 * rule back on), and every key has a default so an empty file is a valid config.
 * `npm run docs` exports it as JSON Schema to schema/dbarch.schema.json for editors.
 */

export const riskLevelSchema = z.enum(['safe', 'downtime', 'destructive']);
export const severitySchema = z.enum(['notice', 'warning', 'error']);
export const failOnSchema = z.enum(['destructive', 'downtime', 'warning', 'never']);
export const migrationToolSchema = z.enum([
  'auto',
  'prisma',
  'flyway',
  'golang-migrate',
  'dbmate',
  'sqitch',
  'supabase',
  'alembic',
  'diesel',
  'goose',
  'plain',
]);
const globList = z.array(z.string().min(1)).describe('Glob patterns, matched against repository-relative paths');

export const ruleSettingSchema = z.union([
  z.literal('off'),
  severitySchema,
  z
    .object({
      severity: z.union([severitySchema, z.literal('off')]).optional(),
      risk: riskLevelSchema.optional(),
    })
    .strict(),
]);

export const pathsSchema = z
  .object({
    'sql-migration': globList.optional(),
    alembic: globList.optional(),
    'sqlalchemy-model': globList.optional(),
    'sqlmodel-model': globList.optional(),
    'prisma-schema': globList.optional(),
    'prisma-migration': globList.optional(),
    ignore: globList.optional(),
  })
  .strict()
  .describe('Which paths hold which kind of file; given lists replace the defaults for that kind');

// --- SQL dialects and schema snapshots (src/classify/sql-dialect.ts, schema-snapshot.ts) ------
export const sqlDialectSchema = z.enum([
  'postgresql',
  'mysql',
  'mariadb',
  'sqlite',
  'clickhouse',
  'sqlserver',
  'oracle',
  'cockroachdb',
  'other',
]);
const dialectKeys = {
  dialect: z
    .enum(['auto', 'postgresql'])
    .default('auto')
    .describe(
      'auto: a file in another SQL dialect (path, Prisma provider, syntax) is skipped with the reason; postgresql: all are reviewed',
    ),
  dialects: z
    .record(z.string().min(1), sqlDialectSchema)
    .default({})
    .describe('Per path: glob → dialect, stronger than any detection; postgresql forces a review, another dialect skips the files'),
};
const schemaSnapshotsSchema = z
  .object({
    snapshots: globList
      .default([])
      .describe('Full-schema files (pg_dump, structure.sql) besides those detected: never reviewed as migrations nor replayed'),
    detect: z
      .boolean()
      .default(true)
      .describe('Detect snapshots by content (pg_dump output) and by name (schema.sql, structure.sql … beside versioned migrations)'),
    base: z
      .string()
      .min(1)
      .optional()
      .describe('A schema dump (pg_dump --schema-only) that the rules and the dry run start from instead of replaying the migrations'),
  })
  .strict()
  .default({ snapshots: [], detect: true });
// --- end SQL dialects and schema snapshots ------------------------------------------------

export const transactionModeSchema = z
  .enum(['auto', 'always', 'never'])
  .describe("auto: the migration tool's own convention; always/never: every file is / is not wrapped");

export const configSchema = z
  .object({
    pgVersion: z.number().int().min(9).max(19).default(16).describe('Major PostgreSQL version production runs; rules are version-aware'),
    failOn: failOnSchema.default('downtime').describe('Lowest level that fails the check / exits 1: a risk level, any warning, or never'),
    paths: pathsSchema.default({}),
    migrations: z
      .object({
        tool: migrationToolSchema.default('auto').describe('Migration tool; auto detects it per file'),
        transaction: transactionModeSchema.default('auto'),
        ...dialectKeys,
      })
      .strict()
      .default({ tool: 'auto', transaction: 'auto', dialect: 'auto', dialects: {} }),
    schema: schemaSnapshotsSchema,
    rules: z.record(z.string(), ruleSettingSchema).default({}).describe('Per rule: off, a severity, or { severity, risk }'),
    dryRun: z
      .object({
        databaseUrl: z
          .string()
          .optional()
          .describe('Disposable PostgreSQL server for the dry run (a scratch database and role are made there); never DATABASE_URL'),
      })
      .strict()
      .default({}),
    // --- GitHub App (src/github) -------------------------------------------------------------
    github: z
      .object({
        reviewDrafts: z.boolean().default(false).describe('Review draft pull requests too'),
        maxInlineComments: z
          .number()
          .int()
          .min(0)
          .max(50)
          .default(30)
          .describe('Most inline comments in one review; the rest are in the summary comment'),
      })
      .strict()
      .default({ reviewDrafts: false, maxInlineComments: 30 }),
    // --- end GitHub App ----------------------------------------------------------------------
    // --- LLM architect review (src/llm) ------------------------------------------------------
    llm: z
      .object({
        enabled: z
          .boolean()
          .default(true)
          .describe('Ask the LLM architect for advice (needs OPENAI_API_KEY); advice never changes the verdict'),
        model: z.string().min(1).optional().describe('Model name, used when DBARCH_LLM_MODEL is not set (default gpt-4o-mini)'),
        baseUrl: z.url().optional().describe('OpenAI-compatible endpoint (CLI only: the GitHub App uses OPENAI_BASE_URL)'),
        maxInputTokens: z
          .number()
          .int()
          .min(1000)
          .max(200_000)
          .default(6000)
          .describe('Hard cap on tokens sent per review; files are trimmed by risk to fit'),
        maxOutputTokens: z.number().int().min(200).max(32_000).default(1500).describe('Most tokens the model may answer with'),
        perReviewCostLimitUsd: z
          .number()
          .min(0)
          .default(0.1)
          .describe('Skip the LLM when a review could cost more (models with a known price)'),
        perInstallationDailyCostLimitUsd: z
          .number()
          .min(0)
          .default(5)
          .describe(
            'GitHub App: most USD of LLM calls per installation in a rolling 24 hours; once spent the LLM part is skipped (cache hits are free)',
          ),
        instructions: z.string().max(4000).optional().describe("Extra guidance for the architect, e.g. the team's conventions"),
      })
      .strict()
      .default({
        enabled: true,
        maxInputTokens: 6000,
        maxOutputTokens: 1500,
        perReviewCostLimitUsd: 0.1,
        perInstallationDailyCostLimitUsd: 5,
      }),
    // --- end LLM architect review ------------------------------------------------------------
    // --- production statistics (src/stats, docs/stats.md) -------------------------------------
    stats: z
      .object({
        path: z
          .string()
          .min(1)
          .optional()
          .describe(
            'A dbarch.stats/v1 file (repository-relative; the GitHub App reads it from the base branch) from `dbarch stats export`',
          ),
        smallTable: z
          .object({
            rows: z.number().int().min(0).default(10_000).describe('Below this many rows (and bytes) a lock finding is a notice'),
            bytes: z
              .number()
              .int()
              .min(0)
              .default(16 * 1024 * 1024)
              .describe('Below this many table bytes (and rows) a lock finding is a notice'),
          })
          .strict()
          .default({ rows: 10_000, bytes: 16 * 1024 * 1024 })
          .describe('Tables this small are locked too briefly to matter: their lock findings drop to notices that say why'),
        estimate: z
          .object({
            spread: z.number().min(1).max(10).default(DEFAULT_SPREAD).describe('Each end of a duration range is the estimate ÷ or × this'),
            rates: z
              .partialRecord(
                z.enum(OPERATIONS),
                z.object({ bytesPerSecond: z.number().positive().optional(), rowsPerSecond: z.number().positive().optional() }).strict(),
              )
              .default({})
              .describe("Per operation, the production server's speed (default: measured by bench/stats-estimates.ts)"),
          })
          .strict()
          .default({ spread: DEFAULT_SPREAD, rates: {} })
          .describe('The duration model: range spread and per-operation rates (docs/stats.md)'),
      })
      .strict()
      .default({ smallTable: { rows: 10_000, bytes: 16 * 1024 * 1024 }, estimate: { spread: DEFAULT_SPREAD, rates: {} } }),
    // --- end production statistics -----------------------------------------------------------
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type RuleSetting = z.infer<typeof ruleSettingSchema>;
export type FailOn = z.infer<typeof failOnSchema>;
export type SqlDialectSetting = z.infer<typeof sqlDialectSchema>;
export type TransactionMode = z.infer<typeof transactionModeSchema>;
