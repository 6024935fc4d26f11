import { z } from 'zod';
import { configSchema } from '../../src/config/schema.js';
import type { DocumentedRule } from './load-rules.js';

/**
 * schema/dbarch.schema.json: the JSON Schema of `.github/dbarch.yml`, exported from the zod schema
 * the loader validates with, so the two cannot disagree. Draft-07, the draft editors (the YAML
 * language server, VS Code, JetBrains) support best. The input side is exported: keys with a
 * default are optional. Every known rule id becomes a property of `rules`, for completion, and
 * no other key is allowed there: a misspelt rule id is flagged in the editor as the loader refuses it.
 */

export const SCHEMA_URL = 'https://raw.githubusercontent.com/dbarch-dev/dbarch/main/schema/dbarch.schema.json';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema> };

export function configJsonSchema(rules: readonly DocumentedRule[]): JsonSchema {
  const exported = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7' }) as JsonSchema;
  const { $schema, ...rest } = exported;
  const rulesProperty = rest.properties!.rules!;
  const ruleSetting = rulesProperty.additionalProperties as JsonSchema;
  return {
    $schema,
    $id: SCHEMA_URL,
    title: 'dbarch configuration',
    description:
      'Configuration of dbarch, the PostgreSQL migration reviewer: `.github/dbarch.yml` (read from the base branch of a pull request) or the file given to `dbarch review --config`. Every key is optional.',
    ...rest,
    properties: {
      ...rest.properties,
      rules: {
        ...rulesProperty,
        properties: Object.fromEntries(
          rules.map((rule) => [
            rule.id,
            { $ref: '#/definitions/ruleSetting', description: `${rule.summary} (default: ${rule.severity}, ${rule.risk})` },
          ]),
        ),
        propertyNames: { enum: rules.map((rule) => rule.id) },
        additionalProperties: false,
      },
    },
    definitions: {
      ruleSetting: {
        description: 'off, a severity (notice | warning | error), or { severity, risk }',
        ...ruleSetting,
      },
    },
  };
}
