import { describe, expect, it } from '@jest/globals';
import { stripVTControlCharacters } from 'node:util';
import { renderText } from '../../src/render/text.js';
import { riskyReview, riskySources, safeReview } from './fixtures/reviews.js';

describe('renderText', () => {
  it('shows each finding with its location, the underlined source, help and fix', () => {
    const output = renderText(riskyReview(), { sources: riskySources(), color: false });
    expect(output).toMatchSnapshot();
  });

  it('puts path:line:col first on the finding line, so terminals and editors link it', () => {
    const output = renderText(riskyReview(), { sources: riskySources(), color: false });
    expect(output).toContain(
      'db/migrations/0002_add_index.sql:3:1  error  create-index-non-concurrently  CREATE INDEX on existing table "users"',
    );
    expect(output).toContain('    3 | CREATE INDEX users_email_idx ON users (email);\n      | ' + '^'.repeat(45) + '\n');
  });

  it('aligns the steps of a multi-line fix under its label', () => {
    const review = riskyReview();
    review.findings[0]!.fix = { description: '1. Add the column.\n2. Backfill in batches.' };
    const output = renderText(review, { sources: riskySources(), color: false });
    expect(output).toContain('    fix: 1. Add the column.\n         2. Backfill in batches.\n');
  });

  it('indents the sub-steps of a rollout step under it', () => {
    const review = riskyReview();
    review.rolloutPlan = ['Make the column NOT NULL safely:\n1. add a CHECK NOT VALID\n2. VALIDATE it'];
    const output = renderText(review, { sources: riskySources(), color: false });
    expect(output).toContain('  1. Make the column NOT NULL safely:\n       1. add a CHECK NOT VALID\n       2. VALIDATE it');
  });

  it('marks findings that do not come from a rule with their source', () => {
    const output = renderText(riskyReview(), { sources: riskySources(), color: false });
    expect(output).toContain('unbatched-backfill [dry-run]');
    expect(output).toContain('llm-architect [llm]');
  });

  it('lists the parts that did not run and the files it skipped', () => {
    const output = renderText(riskyReview(), { sources: riskySources(), color: false });
    expect(output).toContain('Not run:\n  llm: no OPENAI_API_KEY\n  dry-run: turned off with --no-dry-run');
    expect(output).toContain('Skipped files:\n  db/seed.bin: binary file (contains NUL bytes)');
  });

  it('says in one line after the findings where the dry run ran, on which base, and what failed or was stopped', () => {
    const review = riskyReview();
    review.dryRun = {
      engine: 'PGlite 0.5.16 (PostgreSQL 18.6)',
      base: { files: 7, statements: 20, skipped: 2, built: true, cached: true, durationMs: 0 },
      durationMs: 1234,
      notes: [],
    };
    const file = review.files.find((candidate) => candidate.skipped === undefined)!;
    file.statements[0]!.dryRun = 'ok';
    file.statements.at(-1)!.dryRun = 'failed';
    const output = renderText(review, { sources: riskySources(), color: false });
    const line = `Dry run: PGlite 0.5.16 (PostgreSQL 18.6), base of 7 migrations (cached), 2 base statements skipped · 1.2 s; failed: ${file.path}:${file.statements.at(-1)!.line}`;
    expect(output).toContain(`\n\n${line}\n\nNot run:`);
    review.files.forEach((each) =>
      each.statements.forEach((statement) => (statement.dryRun = statement.dryRun === 'failed' ? 'timeout' : statement.dryRun)),
    );
    expect(renderText(review, { sources: riskySources(), color: false })).toContain('; stopped (time limit): ');
    expect(renderText(riskyReview(), { sources: riskySources(), color: false })).not.toContain('Dry run:');
  });

  it('ends with the verdict and the counts', () => {
    const output = renderText(riskyReview(), { sources: riskySources(), color: false });
    expect(output.trimEnd().split('\n').at(-1)).toBe(
      'Risk: destructive — 2 files reviewed (1 skipped), 4 statements, 4 findings (2 errors, 1 warning, 1 notice), 1 suppressed [main..working tree]',
    );
  });

  it('shows no rollout plan for a safe change', () => {
    const output = renderText(safeReview(), { sources: new Map(), color: false });
    expect(output).not.toContain('Rollout plan');
    expect(output).toMatchSnapshot();
  });

  it('uses colours only when asked to', () => {
    const plain = renderText(riskyReview(), { sources: riskySources(), color: false });
    const coloured = renderText(riskyReview(), { sources: riskySources(), color: true });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[31merror\u001b[39m');
    expect(stripVTControlCharacters(coloured)).toBe(plain);
  });

  it('renders a finding whose file text is not available without an excerpt', () => {
    const output = renderText(riskyReview(), { sources: new Map(), color: false });
    expect(output).not.toContain(' | ');
    expect(output).toContain('help: Use CREATE INDEX CONCURRENTLY');
  });
});
