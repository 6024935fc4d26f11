import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { defaultConfig, parseConfig } from '../../src/config/load-config.js';
import { cliLlmDeps } from '../../src/llm/cli-llm-deps.js';
import { createReviewModel, DEFAULT_MODEL, NO_API_KEY } from '../../src/llm/model-from-env.js';
import { git, makeTempFolder, removeFolder } from '../collect/temp-folders.js';
import { runCli } from '../cli/run-cli.js';
import { completion, OpenAiMock } from './helpers/openai-mock.js';

const KEYS = ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'DBARCH_LLM_MODEL'] as const;
const saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));
let root: string | undefined;

beforeEach(() => {
  nock.disableNetConnect();
  for (const key of KEYS) delete process.env[key];
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  for (const key of KEYS)
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  if (root) removeFolder(root);
  root = undefined;
});
// Jest runs several test files in one process: take nock's fetch interceptor out for the next one.
afterAll(() => nock.restore());

describe('choosing the model', () => {
  it('without OPENAI_API_KEY there is no model, and the reason says how to enable it', () => {
    expect(createReviewModel({ env: {}, config: defaultConfig() })).toEqual({ skipped: NO_API_KEY });
    expect(cliLlmDeps({ llm: true }, defaultConfig(), {})).toEqual({ llmSkipped: NO_API_KEY });
    expect(cliLlmDeps({ llm: false }, defaultConfig(), { OPENAI_API_KEY: 'sk-x' })).toEqual({ llmSkipped: 'turned off with --no-llm' });
  });

  it('takes the flag over DBARCH_LLM_MODEL over the config over the default', () => {
    const config = parseConfig('llm:\n  model: from-config\n');
    const model = (env: Record<string, string>, flag?: string) =>
      createReviewModel({ env: { OPENAI_API_KEY: 'k', ...env }, config, overrides: { model: flag } }).model!.model;
    expect(model({ DBARCH_LLM_MODEL: 'from-env' }, 'from-flag')).toBe('from-flag');
    expect(model({ DBARCH_LLM_MODEL: 'from-env' })).toBe('from-env');
    expect(model({})).toBe('from-config');
    expect(createReviewModel({ env: { OPENAI_API_KEY: 'k' }, config: defaultConfig() }).model!.model).toBe(DEFAULT_MODEL);
  });
});

describe('dbarch review and the LLM', () => {
  const project = () =>
    makeTempFolder({
      'db/migrations/001_chat.sql': 'CREATE TABLE messages (id bigint PRIMARY KEY, conversation_id bigint NOT NULL, body text);\n',
    });

  it('says in the text output how to enable the architect review when there is no key', async () => {
    root = project();
    const run = await runCli(['review', 'db', '--no-dry-run', '--fail-on', 'never'], { cwd: root });
    // The text report wraps long reasons to its width: compare with the line breaks undone.
    expect(run.stdout.replace(/\n +/g, ' ')).toContain(`llm: ${NO_API_KEY}`);
    const markdown = await runCli(['review', 'db', '--no-dry-run', '--format', 'markdown'], { cwd: root });
    expect(markdown.stdout).toContain('OPENAI\\_API\\_KEY');
  });

  it('asks the endpoint given by --llm-base-url with --llm-model, then answers a re-run from the cache in the git directory', async () => {
    root = project();
    git(root, 'init', '--quiet');
    process.env.OPENAI_API_KEY = 'sk-test-key-not-real-0000000000';
    const mock = new OpenAiMock().answer({
      findings: [
        {
          path: 'db/migrations/001_chat.sql',
          line: 1,
          endLine: 1,
          severity: 'warning',
          category: 'indexing',
          message: 'Messages are read by conversation: index (conversation_id, id).',
        },
      ],
      summary: 'A message table without its access path.',
    });
    const args = [
      'review',
      'db',
      '--no-dry-run',
      '--format',
      'json',
      '--llm-model',
      'local-llama',
      '--llm-base-url',
      'https://llm.test/v1',
      '--fail-on',
      'warning',
    ];
    const first = await runCli(args, { cwd: root });
    expect(mock.requests[0]!.model).toBe('local-llama');
    const review = JSON.parse(first.stdout);
    expect(review.findings.filter((finding: { source: string }) => finding.source === 'llm')).toHaveLength(1);
    expect(review.stats.llm).toMatchObject({ model: 'local-llama', cached: false, costUsd: null });
    expect(readdirSync(join(root, '.git', 'dbarch-cache', 'llm'))).toHaveLength(1);
    // Nothing in the work tree: the answers never show up in `git status`.
    expect(git(root, 'status', '--porcelain', '--untracked-files=all')).not.toContain('cache');
    const second = await runCli(args, { cwd: root });
    expect(JSON.parse(second.stdout).stats.llm).toMatchObject({ cached: true, inputTokens: 0 });
    expect(mock.requests).toHaveLength(1);
    // Advice is never a reason to fail: the same exit code as without the LLM.
    const withoutLlm = await runCli([...args, '--no-llm'], { cwd: root });
    expect(first.exitCode).toBe(withoutLlm.exitCode);
  });
});

describe('the GitHub App adapter', () => {
  it('never lets the repository config choose where the operator key is sent', async () => {
    const { appLlmDeps } = await import('../../src/llm/app-llm-deps.js');
    const config = parseConfig('llm:\n  baseUrl: https://attacker.example/v1\n');
    const official = nock('https://api.openai.com')
      .post('/v1/chat/completions')
      .reply(200, completion({ findings: [], summary: 'ok' }));
    const deps = appLlmDeps(config, { OPENAI_API_KEY: 'sk-operator' });
    await deps.model!.review({ system: 's', user: 'u', maxOutputTokens: 10 });
    expect(official.isDone()).toBe(true);
    expect(appLlmDeps(config, {})).toEqual({ llmSkipped: NO_API_KEY });
  });
});
