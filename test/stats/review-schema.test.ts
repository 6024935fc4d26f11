import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { defaultConfig } from '../../src/config/load-config.js';
import { review } from '../../src/engine/review.js';
import { renderJson } from '../../src/render/json.js';
import { ordersSnapshot } from '../helpers/stats-snapshot.js';

/**
 * The figures the stats stage adds (`table`, `estimate` on findings and statements) are part of the
 * public dbarch.review/v1 contract: when schema/dbarch.review.schema.json exists, a review with
 * them must validate against it.
 */
const SCHEMA_PATH = 'schema/dbarch.review.schema.json';

const snapshot = ordersSnapshot();

describe('dbarch.review/v1 JSON Schema with production statistics', () => {
  const present = existsSync(SCHEMA_PATH);
  (present ? it : it.skip)(`accepts the table and estimate fields${present ? '' : ` (skipped: no ${SCHEMA_PATH} yet)`}`, async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
    const result = await review(
      { files: [{ path: 'm.sql', status: 'added', content: 'CREATE INDEX orders_status_idx ON orders (status);\n' }], mode: 'paths' },
      defaultConfig(),
      { tableStats: snapshot },
    );
    const document = JSON.parse(renderJson(result));
    expect(document.findings[0]).toMatchObject({ table: { name: 'public.orders' }, estimate: { basis: expect.any(String) } });
    expect(document.files[0].statements[0]).toMatchObject({ table: { name: 'public.orders' } });
    expect(validate(document) ? [] : validate.errors).toEqual([]);
  });
});
