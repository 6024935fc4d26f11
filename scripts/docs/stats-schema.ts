import { z } from 'zod';
import { statsSnapshotSchema } from '../../src/stats/stats-snapshot.js';

/**
 * schema/dbarch.stats.schema.json: the JSON Schema of a `dbarch stats export` snapshot, exported
 * from the zod schema `dbarch review --stats` validates with, so the two cannot disagree.
 */
export const STATS_SCHEMA_URL = 'https://raw.githubusercontent.com/dbarch-dev/dbarch/main/schema/dbarch.stats.schema.json';

export function statsJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(statsSnapshotSchema, { target: 'draft-7' }) as Record<string, unknown>;
  return {
    $schema,
    $id: STATS_SCHEMA_URL,
    title: 'dbarch production statistics (dbarch.stats/v1)',
    description:
      'Table sizes, indexes and activity counters of a PostgreSQL database, written by `dbarch stats export` (read-only) and read by `dbarch review --stats` and config `stats.path`. No row data, query text or credentials.',
    ...rest,
  };
}
