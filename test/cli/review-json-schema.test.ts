import { afterEach, describe, expect, it } from '@jest/globals';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { renderJson } from '../../src/render/json.js';
import { makeTempFolder, removeFolder } from '../collect/temp-folders.js';
import { riskyReview } from '../render/fixtures/reviews.js';
import { runCli } from './run-cli.js';

/** schema/dbarch.review.schema.json against what `dbarch review --format json` really prints. */
const schema = JSON.parse(readFileSync(new URL('../../schema/dbarch.review.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

let root: string | undefined;
afterEach(() => {
  if (root) removeFolder(root);
  root = undefined;
});

describe('the dbarch.review/v1 JSON Schema', () => {
  it('accepts the real review of the demo, dry run included', async () => {
    root = makeTempFolder();
    cpSync(new URL('../../examples/shop', import.meta.url), root, { recursive: true });
    const files = ['000008_add_order_tracking.up.sql', '000009_order_items_bigint_id.up.sql', '000010_tidy_users_products_orders.up.sql'];
    const run = await runCli(
      ['review', '--no-llm', '--fail-on', 'never', '--format', 'json', ...files.map((file) => join('migrations', file))],
      {
        cwd: root,
      },
    );
    const review = JSON.parse(run.stdout);
    expect(review.dryRun.engine).toMatch(/^PGlite /);
    expect(review.files[0].statements.some((statement: { locksObserved?: boolean }) => statement.locksObserved === true)).toBe(true);
    expect(validate(review) ? [] : validate.errors).toEqual([]);
  });

  it('accepts a hand-built review with skipped files, and rejects a finding that breaks the contract', () => {
    const review = JSON.parse(renderJson(riskyReview()));
    expect(validate(review) ? [] : validate.errors).toEqual([]);
    delete review.findings[0].ruleId;
    review.findings[1].severity = 'critical';
    expect(validate(review)).toBe(false);
    expect(validate.errors!.map((error) => error.instancePath)).toEqual(expect.arrayContaining(['/findings/0', '/findings/1/severity']));
  });
});
