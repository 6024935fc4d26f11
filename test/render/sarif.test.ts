import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Log, Result } from 'sarif';
import type { Review } from '../../src/review-types/index.js';
import { renderSarif, type RuleMetadata } from '../../src/render/sarif.js';
import { toolInfo } from '../../src/render/tool-info.js';
import { DOCS_BASE_URL } from '../../src/rules/support/docs-url.js';
import { ADD_INDEX_SQL, hostileReview, riskyReview, riskySources, safeReview } from './fixtures/reviews.js';

/**
 * The official SARIF 2.1.0 schema (the OASIS errata 01 "rtm.5" revision that GitHub's code
 * scanning validates against), as shipped by Microsoft's @microsoft/jest-sarif package.
 */
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const sarifSchema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;

// The schema is draft-04 (`id`, not `$id`): Ajv's draft-04 build validates it as written. Its
// `language` pattern has a stray `]` that is only legal without the RegExp `u` flag.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validateSarif = ajv.compile(sarifSchema);

const RULES: RuleMetadata[] = [
  {
    id: 'create-index-non-concurrently',
    summary: 'CREATE INDEX on an existing table without CONCURRENTLY blocks writes',
    help: 'Use CREATE INDEX CONCURRENTLY.',
    severity: 'error',
    category: 'safety',
    docsUrl: 'https://example.com/rules/create-index-non-concurrently.md',
  },
  { id: 'ban-drop-column', summary: 'Dropping a column deletes its data', help: 'Back it up first.', severity: 'error' },
];

function sarif(review: Review, sources = riskySources()): Log {
  return JSON.parse(renderSarif(review, { rules: RULES, sources })) as Log;
}

function expectValid(log: Log): void {
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

describe('renderSarif', () => {
  it('is valid SARIF 2.1.0', () => {
    expectValid(sarif(riskyReview()));
    expectValid(sarif(safeReview()));
    expectValid(sarif(hostileReview(), new Map()));
  });

  it('is checked by a validator that does reject invalid SARIF', () => {
    const log = sarif(riskyReview());
    (log.runs[0]!.results![0] as { level: string }).level = 'notice';
    expect(validateSarif(log)).toBe(false);
  });

  it('describes dbarch and its rules in tool.driver', () => {
    const driver = sarif(riskyReview()).runs[0]!.tool.driver;
    expect(driver).toMatchObject({ name: 'dbarch', version: toolInfo().version, informationUri: toolInfo().informationUri });
    // The repository that the rules' docsUrl links point into, not a package page that does not exist.
    expect(driver.informationUri).toBe('https://github.com/dbarch-dev/dbarch');
    expect(DOCS_BASE_URL.startsWith(`${driver.informationUri}/`)).toBe(true);
    expect(driver.rules![0]).toEqual({
      id: 'create-index-non-concurrently',
      name: 'CreateIndexNonConcurrently',
      shortDescription: { text: 'CREATE INDEX on an existing table without CONCURRENTLY blocks writes' },
      fullDescription: { text: 'Use CREATE INDEX CONCURRENTLY.' },
      help: { text: 'Use CREATE INDEX CONCURRENTLY.' },
      helpUri: 'https://example.com/rules/create-index-non-concurrently.md',
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['postgresql', 'migrations', 'safety'] },
    });
  });

  it('adds a rule entry for rule ids only the findings know, and points ruleIndex at the right rule', () => {
    const run = sarif(riskyReview()).runs[0]!;
    const ruleIds = run.tool.driver.rules!.map((rule) => rule.id);
    expect(ruleIds).toEqual(['create-index-non-concurrently', 'ban-drop-column', 'llm-architect', 'unbatched-backfill']);
    for (const result of run.results!) expect(ruleIds[result.ruleIndex!]).toBe(result.ruleId);
  });

  it('maps severities to levels and locations to repository-relative regions', () => {
    const results = sarif(riskyReview()).runs[0]!.results!;
    expect(results.map((result) => result.level)).toEqual(['error', 'error', 'note', 'warning']);
    expect(results[0]!.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'db/migrations/0002_add_index.sql', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, endLine: 3, startColumn: 1, endColumn: 46 },
    });
    expect(results[3]!.locations![0]!.physicalLocation!.region).toEqual({ startLine: 3, endLine: 5 });
  });

  it('offers the fix as a replacement of the finding region', () => {
    const result = sarif(riskyReview()).runs[0]!.results![0]!;
    expect(result.fixes).toEqual([
      {
        description: { text: 'Build the index concurrently' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'db/migrations/0002_add_index.sql', uriBaseId: '%SRCROOT%' },
            replacements: [
              {
                deletedRegion: { startLine: 3, endLine: 3, startColumn: 1, endColumn: 46 },
                insertedContent: { text: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email)' },
              },
            ],
          },
        ],
      },
    ]);
    expect(sarif(riskyReview()).runs[0]!.results![3]!.fixes).toBeUndefined();
  });

  it('percent-encodes file names into valid relative URIs', () => {
    const uri = sarif(hostileReview(), new Map()).runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri;
    expect(uri).toBe('db/%3Cscript%3Ealert(1)%3C/script%3E%7C%40admin.sql');
  });

  it('reports the parts that did not run as notifications', () => {
    const invocation = sarif(riskyReview()).runs[0]!.invocations![0]!;
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications!.map((notification) => notification.message.text)).toEqual([
      'llm did not run: no OPENAI_API_KEY',
      'dry-run did not run: turned off with --no-dry-run',
    ]);
  });
});

describe('SARIF fingerprints', () => {
  function indexResult(sources: Map<string, string>, line: number): Result {
    const review = riskyReview();
    const finding = { ...review.findings[0]!, line, endLine: line };
    return sarif({ ...review, findings: [finding] }, sources).runs[0]!.results![0]!;
  }

  const sources = (text: string) => new Map([['db/migrations/0002_add_index.sql', text]]);

  it('stay the same when lines are inserted above or the line is re-indented', () => {
    const original = indexResult(sources(ADD_INDEX_SQL), 3);
    const shifted = indexResult(sources(`-- a new comment\n\n${ADD_INDEX_SQL.replace('CREATE INDEX', '   CREATE   INDEX')}`), 5);
    expect(shifted.partialFingerprints).toEqual(original.partialFingerprints);
    expect(original.partialFingerprints!.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}:1$/);
  });

  it('change when the flagged line changes', () => {
    const original = indexResult(sources(ADD_INDEX_SQL), 3);
    const edited = indexResult(sources(ADD_INDEX_SQL.replace('email', 'login')), 3);
    expect(edited.partialFingerprints).not.toEqual(original.partialFingerprints);
  });

  it('tell apart identical lines flagged by the same rule', () => {
    const review = riskyReview();
    const first = review.findings[0]!;
    const second = { ...first, line: 5, endLine: 5 };
    const text = `${ADD_INDEX_SQL}\nCREATE INDEX users_email_idx ON users (email);\n`;
    const results = sarif({ ...review, findings: [first, second] }, sources(text)).runs[0]!.results!;
    const [hashA, occurrenceA] = results[0]!.partialFingerprints!.primaryLocationLineHash!.split(':');
    const [hashB, occurrenceB] = results[1]!.partialFingerprints!.primaryLocationLineHash!.split(':');
    expect(hashA).toBe(hashB);
    expect([occurrenceA, occurrenceB]).toEqual(['1', '2']);
  });
});
