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
  .describe('auto: the migration tool\'s own convention; always/never: every file is / is not wrapped');

export const configSchema = z
  .object({
    pgVersion: z
      .number()
      .int()
      .min(9)
      .max(19)
      .default(16)
      .describe('Major PostgreSQL version production runs; rules are version-aware'),
    failOn: failOnSchema
      .default('downtime')
      .describe('Lowest level that fails the check / exits 1: a risk level, any warning, or never'),
    paths: pathsSchema.default({}),
    migrations: z
      .object({
        tool: migrationToolSchema.default('auto').describe('Migration tool; auto detects it per file'),
        transaction: transactionModeSchema.default('auto'),
      })
      .strict()
      .default({ tool: 'auto', transaction: 'auto' }),
    rules: z
      .record(z.string(), ruleSettingSchema)
      .default({})
      .describe('Per rule: off, a severity, or { severity, risk }'),
    hygiene: z
      .object({
        lockTimeout: z.boolean().default(true).describe('Advise SET lock_timeout before strong locks'),
        statementTimeout: z.boolean().default(true).describe('Advise SET statement_timeout before long work'),
      })
      .strict()
      .default({ lockTimeout: true, statementTimeout: true }),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type RuleSetting = z.infer<typeof ruleSettingSchema>;
export type FailOn = z.infer<typeof failOnSchema>;
export type TransactionMode = z.infer<typeof transactionModeSchema>;
