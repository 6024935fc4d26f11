import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { ZodError } from 'zod';
import { configSchema, type Config } from './schema.js';

/** A config file that cannot be used; the message names the file and the offending key. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly source: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_CONFIG_PATH = '.github/dbarch.yml';

/** The config with every default applied. */
export function defaultConfig(): Config {
  return configSchema.parse({});
}

/** Parses YAML text into a validated config; throws ConfigError naming the key on bad input. */
export function parseConfig(text: string, source = DEFAULT_CONFIG_PATH): Config {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    throw new ConfigError(`${source}: invalid YAML: ${first.message}`, source);
  }
  const data: unknown = document.toJS() ?? {};
  const result = configSchema.safeParse(data);
  if (!result.success) throw new ConfigError(describeZodError(result.error, source), source);
  return result.data;
}

export async function loadConfigFile(path: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read config: ${(error as Error).message}`, path);
  }
  return parseConfig(text, path);
}

function describeZodError(error: ZodError, source: string): string {
  const lines = error.issues.slice(0, 5).map((issue) => {
    const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.length > 0 ? `${issue.path.join('.')}.` : '';
      return `unknown key ${issue.keys.map((name) => `"${prefix}${name}"`).join(', ')}`;
    }
    return `"${key}": ${issue.message}`;
  });
  return `${source}: invalid config: ${lines.join('; ')}`;
}
