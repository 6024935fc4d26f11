import { readFile } from 'node:fs/promises';
import { isAlias, isCollection, isPair, parseDocument, type Document } from 'yaml';
import { ALL_RULES } from '../rules/index.js';
import { describeIssue } from './config-issues.js';
import { flowDepth } from './flow-depth.js';
import { nearestName } from './nearest-name.js';
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

/**
 * Bounds on a config's YAML, which a pull request can write (a PR-side `.github/dbarch.yml` is
 * validated): a real config is a few hundred bytes, a dozen levels deep, and needs no aliases. An
 * alias bomb (each alias expanding tenfold) or thousands of nesting levels end as a ConfigError.
 */
export const CONFIG_LIMITS = { bytes: 256 * 1024, depth: 64, aliases: 50 } as const;

/** The config with every default applied. */
export function defaultConfig(): Config {
  return configSchema.parse({});
}

/** Parses YAML text into a validated config; throws ConfigError naming the key on bad input. */
export function parseConfig(text: string, source = DEFAULT_CONFIG_PATH): Config {
  const data = loadYaml(text, source);
  const result = configSchema.safeParse(data);
  const problems = [...unknownRuleMessages(ruleIdsOf(data)), ...(result.success ? [] : result.error.issues.map(describeIssue))];
  if (problems.length > 0 || !result.success) {
    throw new ConfigError(`${source}: invalid config: ${problems.slice(0, 5).join('; ')}`, source);
  }
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

/** The YAML document as plain data, within CONFIG_LIMITS. */
function loadYaml(text: string, source: string): unknown {
  if (Buffer.byteLength(text) > CONFIG_LIMITS.bytes) {
    throw new ConfigError(`${source}: config too large (${Buffer.byteLength(text)} bytes; the limit is ${CONFIG_LIMITS.bytes})`, source);
  }
  if (flowDepth(text) > CONFIG_LIMITS.depth) {
    throw new ConfigError(`${source}: invalid YAML: nested deeper than ${CONFIG_LIMITS.depth} levels`, source);
  }
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    throw new ConfigError(`${source}: invalid YAML: ${first.message}`, source);
  }
  checkShape(document, source);
  try {
    return document.toJS({ maxAliasCount: CONFIG_LIMITS.aliases }) ?? {};
  } catch (error) {
    // yaml refuses an alias expansion beyond maxAliasCount ("Excessive alias count …").
    throw new ConfigError(`${source}: invalid YAML: refused to expand its aliases (${(error as Error).message})`, source);
  }
}

/** Depth and alias count, walked without recursion so a deep document cannot overflow the stack. */
function checkShape(document: Document, source: string): void {
  const pending: Array<{ node: unknown; depth: number }> = [{ node: document.contents, depth: 0 }];
  let aliases = 0;
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    if (depth > CONFIG_LIMITS.depth) {
      throw new ConfigError(`${source}: invalid YAML: nested deeper than ${CONFIG_LIMITS.depth} levels`, source);
    }
    if (isAlias(node) && ++aliases > CONFIG_LIMITS.aliases) {
      throw new ConfigError(`${source}: invalid YAML: more than ${CONFIG_LIMITS.aliases} aliases`, source);
    }
    if (isCollection(node)) for (const item of node.items) pending.push({ node: item, depth: depth + 1 });
    if (isPair(node)) pending.push({ node: node.key, depth }, { node: node.value, depth });
  }
}

/** Rule ids in `rules:` that are not rules: a typo would otherwise leave the rule on unnoticed. */
function unknownRuleMessages(ids: readonly string[]): string[] {
  const known = new Set(ALL_RULES.map((rule) => rule.id));
  return ids
    .filter((id) => !known.has(id))
    .slice(0, 5)
    .map((id) => {
      const suggestion = nearestName(id, known);
      return `"rules.${id}": not a dbarch rule${suggestion ? `; did you mean "${suggestion}"?` : ' (docs/rules/README.md lists them)'}`;
    });
}

/** The keys of `rules:` when it is a mapping (zod reports any other shape). */
function ruleIdsOf(data: unknown): string[] {
  const rules = data && typeof data === 'object' ? (data as { rules?: unknown }).rules : undefined;
  return rules && typeof rules === 'object' && !Array.isArray(rules) ? Object.keys(rules) : [];
}
