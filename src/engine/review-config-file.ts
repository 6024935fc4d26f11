import { isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import { ConfigError, parseConfig } from '../config/load-config.js';
import { LineIndex } from '../parse/sql/source-text.js';
import type { FileReview, Finding } from '../review-types/index.js';

/**
 * A change that edits `.github/dbarch.yml` gets its new config validated. (The review itself always
 * runs with the base branch's config: a change cannot weaken its own review.)
 */
export function reviewConfigFile(path: string, content: string): FileReview {
  const findings: Finding[] = [];
  try {
    parseConfig(content, path);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const line = lineOfFirstKey(content, error.message);
    findings.push({
      ruleId: 'invalid-config',
      source: 'rule',
      severity: 'error',
      risk: 'safe',
      path,
      line,
      endLine: line,
      message: `${error.message}. Once merged, dbarch would refuse this config; see docs/configuration.md for the keys.`,
    });
  }
  return { path, kind: 'config', risk: 'safe', findings, statements: [] };
}

/** Line of the first key a config error names ("unknown key "rules.foo"" / ""pgVersion": …"), else 1. */
function lineOfFirstKey(content: string, message: string): number {
  const named = /"([^"]+)"/.exec(message.replace(/^[^:]*: invalid config: /, ''));
  if (!named) return 1;
  const document = parseDocument(content);
  let node: unknown = document.contents;
  let found: YamlNode | undefined;
  for (const key of named[1]!.split('.')) {
    if (!isMap(node)) break;
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
    if (!pair) break;
    found = pair.key as YamlNode;
    node = pair.value;
  }
  const offset = found?.range?.[0];
  return offset === undefined ? 1 : new LineIndex(content).position(offset).line;
}
