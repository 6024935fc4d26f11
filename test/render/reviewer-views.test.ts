import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeFileContent } from '../../src/collect/file-content.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { createDryRunner } from '../../src/dry-run/dry-runner.js';
import { review as reviewChangeset } from '../../src/engine/review.js';
import { parseDiffLines } from '../../src/github/diff-lines.js';
import { fingerprint } from '../../src/github/finding-marker.js';
import { planInlineComments } from '../../src/github/inline-comments.js';
import { cliLlmDeps } from '../../src/llm/cli-llm-deps.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderText } from '../../src/render/text.js';
import type { ChangedFile, Changeset, Review } from '../../src/review-types/index.js';

/**
 * What a reviewer reads, end to end, for a handful of representative findings: the terminal report
 * (`dbarch review --base …`), the pull request's summary comment and the inline comment bodies the
 * GitHub App posts. Each case is a small repository in test/fixtures/reviewer-views/<case>: `base/`
 * is on the base branch, `change/` is what the pull request adds. The engine is wired as the CLI
 * wires it, with the real parsers and the embedded PostgreSQL dry run (no LLM), so a change anywhere
 * between a rule's message and a renderer shows up here as a diff of the text people see.
 *
 * Snapshots are updated with `npm test -- test/render/reviewer-views -u` after a deliberate change.
 */

const FIXTURES = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'fixtures', 'reviewer-views');

function filesUnder(folder: string): { path: string; bytes: Buffer }[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
    .map((path) => ({ path: relative(folder, path), bytes: readFileSync(path) }));
}

/** The pull request of one case: its files are added on top of the base branch, read as the collector reads them. */
function changesetOf(name: string): Changeset {
  const baseFiles = filesUnder(join(FIXTURES, name, 'base')).map(({ path, bytes }) => ({ path, content: bytes.toString('utf8') }));
  const files: ChangedFile[] = filesUnder(join(FIXTURES, name, 'change')).map(({ path, bytes }) => {
    const read = decodeFileContent(bytes);
    return read.content !== undefined
      ? { path, status: 'added', content: read.content }
      : { path, status: 'added', skipReason: read.skipReason, ...(read.line ? { skipLine: read.line } : {}) };
  });
  return { files, baseFiles, mode: 'diff', label: 'main...feature' };
}

function sourcesOf(changeset: Changeset): Map<string, string> {
  return new Map(changeset.files.flatMap((file) => (file.content !== undefined ? [[file.path, file.content] as const] : [])));
}

/** GitHub's patch of an added file: one hunk, every line added. */
function addedFilePatch(content: string): string {
  const lines = content.replace(/\n$/, '').split('\n');
  return [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`)].join('\n');
}

/**
 * Durations change from run to run, and versions with every release of dbarch or PGlite; neither is
 * what these snapshots are about. The PostgreSQL major version stays: what the dry run observed depends on it.
 */
function stable(text: string): string {
  return text
    .replace(/\b\d+(?:\.\d+)? (?:ms|s)\b/g, '<duration>')
    .replace(/PGlite \d+\.\d+\.\d+ \(PostgreSQL (\d+)\.\d+\)/g, 'PGlite <version> (PostgreSQL $1.x)')
    .replace(/dbarch (v?)\d+\.\d+\.\d+/g, 'dbarch $1<version>');
}

interface ReviewerView {
  review: Review;
  text: string;
  summary: string;
  inlineComments: string[];
}

async function reviewerView(name: string): Promise<ReviewerView> {
  const changeset = changesetOf(name);
  const config = defaultConfig();
  // As the CLI wires the engine: its dry-run policy (here the embedded PGlite) and no LLM (it would
  // need a model, and is advisory anyway). An empty environment: a DATABASE_URL or
  // DBARCH_DRY_RUN_DATABASE_URL of the machine running the tests would change the notes or the server.
  const review: Review = await reviewChangeset(changeset, config, {
    ...cliLlmDeps({ llm: false }, config, {}),
    dryRun: createDryRunner({ dryRun: true }, config, {}),
  });
  const sources = sourcesOf(changeset);
  const diffs = new Map([...sources].map(([path, content]) => [path, parseDiffLines(addedFilePatch(content))]));
  const plan = planInlineComments(fingerprint(review.findings, sources), {
    diffs,
    sources,
    posted: new Set(),
    limit: config.github.maxInlineComments,
  });
  return {
    review,
    text: stable(renderText(review, { sources, color: false, width: 100 })),
    summary: stable(renderMarkdown(review)),
    inlineComments: plan.comments.map(
      (comment) => `${comment.path}:${comment.start_line ?? comment.line}-${comment.line}\n${comment.body}`,
    ),
  };
}

/**
 * What each case is about, checked before its snapshots: a snapshot updated with -u after an
 * unrelated change must not quietly stop showing the finding (or the dry-run evidence) it is for.
 */
interface ReviewerCase {
  name: string;
  about: string;
  rules: string[];
  /** Relations the dry run observed being rewritten; undefined when the dry run does not run. */
  rewritten?: string[];
}

const CASES: ReviewerCase[] = [
  {
    name: 'rewrite-observed',
    about: 'a column type change on an existing table, with the rewrite the dry run observed',
    rules: ['alter-column-type', 'lock-timeout-missing'],
    rewritten: ['orders', 'orders_pkey'],
  },
  {
    name: 'index-not-concurrent',
    about: 'CREATE INDEX without CONCURRENTLY on an existing table, with a suggested fix',
    rules: ['create-index-non-concurrently', 'lock-timeout-missing'],
    rewritten: [],
  },
  { name: 'drop-column', about: 'a destructive DROP COLUMN', rules: ['drop-column', 'lock-timeout-missing'], rewritten: [] },
  {
    name: 'alembic-op',
    about: 'an Alembic op.create_index, reported at the Python call',
    rules: ['create-index-non-concurrently', 'lock-timeout-missing', 'statement-timeout-missing'],
  },
  { name: 'prisma-model', about: 'a Prisma model with a float for money', rules: ['prisma-float-for-money'] },
  { name: 'not-reviewed', about: 'a migration that is not UTF-8, failed closed as not reviewed', rules: ['not-reviewed'] },
];

/** Every statement ran in the dry run and rewrote exactly `rewritten`; no dry run at all when that is undefined. */
function expectDryRun(review: Review, rewritten: string[] | undefined): void {
  if (rewritten === undefined) return expect(review.dryRun).toBeUndefined();
  const statements = review.files.flatMap((file) => file.statements);
  expect(statements.length).toBeGreaterThan(0);
  expect(statements.map((statement) => statement.dryRun)).toEqual(statements.map(() => 'ok'));
  expect(statements.flatMap((statement) => statement.rewrites ?? [])).toEqual(rewritten);
}

/** The embedded dry run replays the base before tracing the change; on a busy machine that takes a while. */
const CASE_TIMEOUT_MS = 120_000;

describe('what a reviewer reads', () => {
  it.each(CASES.map((entry) => [entry.name, entry.about, entry] as const))(
    '%s: %s',
    async (name, _about, expected) => {
      const view = await reviewerView(name);
      expect(view.review.findings.map((finding) => finding.ruleId).sort()).toEqual(expected.rules);
      expectDryRun(view.review, expected.rewritten);
      expect(view.text).toMatchSnapshot('terminal');
      expect(view.summary).toMatchSnapshot('pull request summary');
      expect(view.inlineComments).toMatchSnapshot('inline comments');
    },
    CASE_TIMEOUT_MS,
  );
});
