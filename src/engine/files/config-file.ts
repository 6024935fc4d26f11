import { isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import { SchemaFacts } from '../../analysis/schema-facts.js';
import { ConfigError, defaultConfig, parseConfig } from '../../config/load-config.js';
import { finishFile } from '../../findings/finish-file.js';
import { LineIndex } from '../../parse/sql/source-text.js';
import { ALL_RULES } from '../../rules/index.js';
import invalidConfig from '../../rules/invalid-config.js';
import { ruleFinding } from '../../rules/api/rule-finding.js';
import type { FileReview, RuleFinding } from '../../review-types/index.js';
import type { FileReviewer } from './file-reviewer.js';

/**
 * A change that edits `.github/dbarch.yml` gets its new config validated. (The review itself always
 * runs with the base branch's config: a change cannot weaken its own review.)
 */
export const configFileReviewer: FileReviewer = {
  review(file, context) {
    const findings: RuleFinding[] = [];
    try {
      parseConfig(file.content, file.path);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const line = lineOfFirstKey(file.content, error.message);
      findings.push(
        ruleFinding(
          invalidConfig,
          { path: file.path, line, endLine: line },
          { message: `${error.message}. Once merged, dbarch would refuse this config; see docs/configuration.md for the keys.` },
        ),
      );
    }
    return finishFile({ path: file.path, kind: 'config', statements: [], findings, suppressions: [] }, context);
  },
};

/** The findings of one config file on its own, with the default config's rules (tests). */
export function reviewConfigFile(path: string, content: string): FileReview {
  const context = { config: defaultConfig(), rules: ALL_RULES, facts: new SchemaFacts(), change: {}, dryRun: false };
  return configFileReviewer.review({ path, content, status: 'added', kind: 'config', tool: 'plain' }, context).review;
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
