import { stringify } from 'yaml';
import { defaultConfig } from '../config/load-config.js';
import type { ProjectLayout } from './init-detect.js';

/**
 * The files `dbarch init` writes: the config (only what differs from the defaults, each setting
 * with the reason it is there), a workflow that runs the Action on pull requests touching the
 * migrations, and a plain git pre-commit hook.
 */
const REPOSITORY = 'https://github.com/dbarch-dev/dbarch';
const SCHEMA_URL = 'https://raw.githubusercontent.com/dbarch-dev/dbarch/main/schema/dbarch.schema.json';

export function configFile(layout: ProjectLayout): string {
  const lines = [
    '# dbarch configuration, written by `dbarch init`: only what differs from the defaults.',
    `# Every setting: ${REPOSITORY}/blob/main/docs/configuration.md`,
    `# yaml-language-server: $schema=${SCHEMA_URL}`,
    '',
  ];
  const tools = layout.tools.length > 0 ? layout.tools.join(', ') : 'none found';
  lines.push(`# Migration tools found: ${tools} (detected per file; set migrations.tool to force one).`);
  const defaults = defaultConfig();
  const fixed = lines.length;
  if (layout.pgVersion !== undefined && layout.pgVersion !== defaults.pgVersion) {
    lines.push('', `# The compose file runs PostgreSQL ${layout.pgVersion}: rules follow that version's behaviour.`);
    lines.push(stringify({ pgVersion: layout.pgVersion }).trimEnd());
  }
  const sqlFolders = layout.folders.filter((entry) => entry.kind === 'sql-migration').map((entry) => entry.folder);
  if (sqlFolders.length > 0) {
    lines.push('', '# Only these folders hold SQL migrations (by default every .sql file is one: seeds and test data too).');
    lines.push(
      stringify({ paths: { 'sql-migration': sqlFolders.map((folder) => `${folder === '.' ? '' : `${folder}/`}**/*.sql`) } }).trimEnd(),
    );
  }
  if (lines.length === fixed) lines.push('', '# Nothing else differs from the defaults; uncomment to change:', '# failOn: downtime');
  return `${lines.join('\n')}\n`;
}

export function workflowFile(layout: ProjectLayout, actionRef: string): string {
  const watched = [
    ...layout.folders.map((entry) => `${entry.folder === '.' ? '' : `${entry.folder}/`}**`),
    ...layout.models,
    '.github/dbarch.yml',
  ];
  const workflow = {
    name: 'dbarch',
    on: { pull_request: { paths: [...new Set(watched)] } },
    permissions: { contents: 'read', checks: 'write', 'pull-requests': 'write' },
    jobs: {
      'review-migrations': {
        'runs-on': 'ubuntu-latest',
        steps: [
          { uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } },
          { uses: actionRef, with: { 'llm-api-key': '${{ secrets.OPENAI_API_KEY }}' } },
        ],
      },
    },
  };
  return [
    '# Written by `dbarch init`: reviews the migrations of every pull request that touches them.',
    '# fetch-depth 0: dbarch compares with the base commit. Without an OPENAI_API_KEY secret the LLM part is skipped.',
    '# On pull requests from forks the token is read-only: findings then come as annotations and the job summary.',
    stringify(workflow, { lineWidth: 0 }).trimEnd(),
    '',
  ].join('\n');
}

/** A plain git hook: reviews what the commit changes against HEAD, rules and dry run, no LLM. */
export function gitHookScript(): string {
  return [
    '#!/bin/sh',
    '# Written by `dbarch init --pre-commit`: reviews the migrations changed since HEAD before each commit.',
    '# Skip once with `git commit --no-verify`.',
    'exec npx --no-install dbarch review --base HEAD --no-llm',
    '',
  ].join('\n');
}

/** For projects that use the pre-commit framework: the entry to add to .pre-commit-config.yaml. */
export function preCommitFrameworkSnippet(rev: string): string {
  return stringify({ repos: [{ repo: REPOSITORY, rev, hooks: [{ id: 'dbarch' }] }] });
}
