import { DEFAULT_PATHS } from '../../src/classify/classify-file.js';
import { TOOL_CONVENTIONS } from '../../src/classify/migration-tool.js';
import { configJsonSchema } from './config-schema.js';
import type { DocumentedRule } from './load-rules.js';
import { inlineCode, table } from './markdown.js';

/**
 * The generated parts of docs/configuration.md: one row per config key (type and default from the
 * exported JSON Schema, so they follow the zod schema), the default path globs and the migration
 * tools' transaction conventions (from the classifier's own tables).
 */

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema> };

/** Hand-picked YAML examples; keys without one get an example derived from the schema. */
const CONFIG_EXAMPLES: Record<string, string> = {
  pgVersion: 'pgVersion: 15',
  failOn: 'failOn: destructive',
  'paths.sql-migration': 'paths: { sql-migration: ["db/migrate/*.sql"] }',
  'paths.alembic': 'paths: { alembic: ["backend/alembic/versions/*.py"] }',
  'paths.sqlalchemy-model': 'paths: { sqlalchemy-model: ["app/tables/**/*.py"] }',
  'paths.sqlmodel-model': 'paths: { sqlmodel-model: ["api/schemas/*.py"] }',
  'paths.prisma-schema': 'paths: { prisma-schema: ["prisma/schema.prisma"] }',
  'paths.prisma-migration': 'paths: { prisma-migration: ["prisma/migrations/*/migration.sql"] }',
  'paths.ignore': 'paths: { ignore: ["**/node_modules/**", "db/seeds/**"] }',
  'migrations.tool': 'migrations: { tool: golang-migrate }',
  'migrations.transaction': 'migrations: { transaction: always }',
  'migrations.dialects': 'migrations: { dialects: { "db/mysql/**": mysql, "vendor/**": other } }',
  'schema.snapshots': 'schema: { snapshots: ["db/structure.sql"] }',
  rules: 'rules: { create-index-non-concurrently: warning, unused-suppression: off }',
  'llm.model': 'llm: { model: gpt-4o }',
  'llm.baseUrl': 'llm: { baseUrl: "http://localhost:11434/v1" }',
  'llm.maxInputTokens': 'llm: { maxInputTokens: 20000 }',
  'llm.perReviewCostLimitUsd': 'llm: { perReviewCostLimitUsd: 0.5 }',
  'llm.perInstallationDailyCostLimitUsd': 'llm: { perInstallationDailyCostLimitUsd: 20 }',
  'llm.instructions': 'llm: { instructions: "Ids are UUID v7; we deploy blue/green." }',
  'stats.path': 'stats: { path: .github/dbarch-stats.json }',
  'stats.smallTable': 'stats: { smallTable: { rows: 50000, bytes: 67108864 } }',
  'stats.estimate': 'stats: { estimate: { rates: { index-build: { rowsPerSecond: 4000000 } } } }',
};

const KIND_PURPOSE: Record<string, string> = {
  'sql-migration': 'plain SQL migrations (Flyway, golang-migrate, dbmate, sqitch, Supabase, psql scripts)',
  alembic: 'Alembic revision scripts',
  'sqlalchemy-model': 'SQLAlchemy model modules',
  'sqlmodel-model': 'SQLModel model modules',
  'prisma-schema': 'Prisma schema files',
  'prisma-migration': 'Prisma migrations (one folder per migration)',
  ignore: 'paths that are never reviewed, whatever else matches them',
};

export interface ConfigKey {
  /** Dotted path, e.g. `migrations.tool`. */
  path: string;
  property: JsonSchema;
  /** A one-line YAML document that sets this key. */
  example: string;
}

/** Every documented key: top-level keys, and the keys of nested objects (`rules` is one key, a map). */
export function configKeys(rules: readonly DocumentedRule[]): ConfigKey[] {
  const keys: ConfigKey[] = [];
  for (const [key, property] of Object.entries(configJsonSchema(rules).properties ?? {})) {
    const children = key === 'rules' ? undefined : property.properties;
    if (!children) keys.push({ path: key, property, example: exampleFor(key, property) });
    else
      for (const [childKey, child] of Object.entries(children))
        keys.push({ path: `${key}.${childKey}`, property: child, example: exampleFor(`${key}.${childKey}`, child) });
  }
  return keys;
}

export function configKeysTable(rules: readonly DocumentedRule[]): string {
  const rows = configKeys(rules).map(({ path, property, example }) => [
    inlineCode(path),
    typeOf(path, property),
    defaultOf(path, property),
    descriptionOf(path, property),
    inlineCode(example),
  ]);
  return table(['Key', 'Type', 'Default', 'Description', 'Example'], rows);
}

/** The hand-picked example, else a value other than the default, written as flow-style YAML. */
function exampleFor(path: string, property: JsonSchema): string {
  if (CONFIG_EXAMPLES[path] !== undefined) return CONFIG_EXAMPLES[path];
  const value = exampleValue(property);
  const [parent, child] = path.split('.');
  return child === undefined ? `${parent}: ${value}` : `${parent}: { ${child}: ${value} }`;
}

function exampleValue(property: JsonSchema): string {
  if (Array.isArray(property.enum)) return String(property.enum.find((value) => value !== property.default) ?? property.enum[0]);
  if (property.type === 'boolean') return String(property.default !== true);
  if (property.type === 'integer' || property.type === 'number') {
    const minimum = typeof property.minimum === 'number' ? property.minimum : 0;
    return String(property.default === minimum ? minimum + 1 : minimum);
  }
  if (property.type === 'array') return '["…"]';
  if (property.format === 'uri') return '"https://example.com/v1"';
  return JSON.stringify(property.default ?? '…');
}

function typeOf(path: string, property: JsonSchema): string {
  if (path === 'rules') return 'map: rule id → `off` | severity | `{ severity, risk }`';
  if (path === 'migrations.dialects') return 'map: glob → dialect (`postgresql`, `mysql`, `sqlite`, `clickhouse`, `sqlserver`, …)';
  if (Array.isArray(property.enum)) return property.enum.map((value) => inlineCode(String(value))).join(' | ');
  if (property.type === 'integer' && typeof property.minimum === 'number') return `integer, ${property.minimum}–${property.maximum}`;
  if (property.type === 'array') return 'list of globs';
  if (property.format === 'uri') return 'URL';
  if (property.type === 'number' && typeof property.minimum === 'number') return `number, ≥ ${property.minimum}`;
  return String(property.type);
}

function defaultOf(path: string, property: JsonSchema): string {
  const kind = path.startsWith('paths.') ? path.slice('paths.'.length) : undefined;
  if (kind) return DEFAULT_PATHS[kind as keyof typeof DEFAULT_PATHS].map(inlineCode).join(', ');
  if (path === 'rules') return 'every rule on, at its own severity and risk';
  return property.default === undefined ? '—' : inlineCode(JSON.stringify(property.default).replace(/"/g, ''));
}

function descriptionOf(path: string, property: JsonSchema): string {
  const kind = path.startsWith('paths.') ? path.slice('paths.'.length) : undefined;
  if (kind) return `Globs for ${KIND_PURPOSE[kind] ?? kind}; replaces the default list`;
  return String(property.description ?? '');
}

export function defaultPathsTable(): string {
  const rows = Object.entries(DEFAULT_PATHS).map(([kind, globs]) => [
    inlineCode(kind),
    KIND_PURPOSE[kind] ?? '',
    globs.map(inlineCode).join(', '),
  ]);
  return table(['Kind', 'Files', 'Default globs'], rows);
}

export function toolConventionsTable(): string {
  const rows = Object.entries(TOOL_CONVENTIONS).map(([tool, convention]) => [
    inlineCode(tool),
    convention.wrapsInTransaction ? 'yes' : 'no',
    convention.note,
  ]);
  return table(['Tool', 'Wraps each file in a transaction', 'Convention'], rows);
}
