import { failOnSchema, type FailOn } from '../config/schema.js';
import { DEFAULT_CONFIG_PATH } from '../config/load-config.js';

/**
 * What the runner hands the Action's entrypoint: GitHub's default variables (GITHUB_EVENT_PATH,
 * GITHUB_WORKSPACE, GITHUB_API_URL, GITHUB_STEP_SUMMARY) and the inputs of action.yml, which its
 * step passes as INPUT_* variables (a composite action does not export them on its own). LLM
 * settings reach the engine under the product's own names (OPENAI_API_KEY, OPENAI_BASE_URL,
 * DBARCH_LLM_MODEL): action.yml maps the inputs to them.
 */
export class ActionInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionInputError';
  }
}

export interface ActionEnvironment {
  eventPath: string;
  token: string;
  apiUrl: string;
  workspace: string;
  stepSummary?: string;
  configPath: string;
  failOn?: FailOn;
  pgVersion?: number;
  dryRun: boolean;
  llm: boolean;
  /** Where to write the review as SARIF (workspace-relative), for a later upload step. */
  sarifFile?: string;
  /** A dbarch.stats/v1 file, read from the base commit like the config (else config `stats.path`). */
  statsFile?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export function readActionEnvironment(env: Env): ActionEnvironment {
  const failOn = optional(env.INPUT_FAIL_ON);
  if (failOn !== undefined && !failOnSchema.safeParse(failOn).success) {
    throw new ActionInputError(`fail-on must be one of ${failOnSchema.options.join(', ')}, not "${failOn}"`);
  }
  const pgVersion = optional(env.INPUT_PG_VERSION);
  if (pgVersion !== undefined && !/^(9|1\d)$/.test(pgVersion)) {
    throw new ActionInputError(`pg-version must be a major PostgreSQL version from 9 to 19, such as 16, not "${pgVersion}"`);
  }
  return {
    eventPath: required(env, 'GITHUB_EVENT_PATH', 'the runner sets it: run dbarch as a step of a workflow'),
    token: required(env, 'GITHUB_TOKEN', 'pass `token: ${{ github.token }}` (the default of the token input)'),
    apiUrl: optional(env.GITHUB_API_URL) ?? 'https://api.github.com',
    workspace: required(env, 'GITHUB_WORKSPACE', 'the runner sets it to the checkout'),
    ...(optional(env.GITHUB_STEP_SUMMARY) ? { stepSummary: env.GITHUB_STEP_SUMMARY!.trim() } : {}),
    configPath: optional(env.INPUT_CONFIG) ?? DEFAULT_CONFIG_PATH,
    ...(failOn !== undefined ? { failOn: failOn as FailOn } : {}),
    ...(pgVersion !== undefined ? { pgVersion: Number(pgVersion) } : {}),
    dryRun: booleanInput(env, 'INPUT_DRY_RUN', true),
    llm: booleanInput(env, 'INPUT_LLM', true),
    ...(optional(env.INPUT_SARIF_FILE) ? { sarifFile: env.INPUT_SARIF_FILE!.trim() } : {}),
    ...(optional(env.INPUT_STATS_FILE) ? { statsFile: env.INPUT_STATS_FILE!.trim() } : {}),
  };
}

function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function required(env: Env, name: string, hint: string): string {
  const value = optional(env[name]);
  if (value === undefined) throw new ActionInputError(`${name} is not set: ${hint}`);
  return value;
}

function booleanInput(env: Env, name: string, fallback: boolean): boolean {
  const value = optional(env[name])?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ActionInputError(`${name.slice('INPUT_'.length).toLowerCase().replaceAll('_', '-')} must be true or false, not "${value}"`);
}
