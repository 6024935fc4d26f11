import { z } from 'zod';

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
      })
      .strict()
      .default({ tool: 'auto', transaction: 'auto' }),
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
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type RuleSetting = z.infer<typeof ruleSettingSchema>;
export type FailOn = z.infer<typeof failOnSchema>;
export type TransactionMode = z.infer<typeof transactionModeSchema>;
