import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/**
 * Reads a rule's documentation page (`src/rules/<id>.md`) and its examples. The docs are the
 * single source for the generated docs/rules pages, for `/dbarch explain`, and for the tests: every
 * example under "## Invalid" must trigger the rule and every one under "## Valid" must not, and
 * every example (with its base and previous blocks) must parse, except the Invalid examples of the
 * syntax-error rules (test/rules/rule-docs.test.ts).
 *
 * An example is a ```sql fenced block. Its info string may carry options: `pg=10` (target version),
 * `tool=golang-migrate` (migration tool, which sets the transaction default), `transaction=implicit`.
 * A ```sql base``` block is the existing schema for the example that follows it. A ```sql previous```
 * (or ```python previous```) block is the same file as it is on the base branch: the example that
 * follows is an edit of a migration that was applied already.
 *
 * Alembic rules are shown with ```python blocks (a whole revision file); a ```python base``` block
 * is a revision that already exists on the base branch.
 *
 * Model rules use ```python path=app/models.py (the path makes it a model module, not a revision);
 * there a `base` block is the same file on the base branch. Prisma rules use ```prisma blocks.
 *
 * Config rules use ```yaml blocks (a whole `.github/dbarch.yml`). `bytes=escaped` marks an example
 * whose `\xNN` escapes stand for raw bytes (a NUL, an invalid UTF-8 byte) a page cannot hold.
 */

export interface RuleExample {
  /** The example's code: SQL, or a Python revision when `language` is "python". */
  sql: string;
  language?: 'python' | 'prisma' | 'yaml';
  /** `escaped`: `\xNN` in the text stands for one raw byte of the file. */
  bytes?: 'escaped';
  /** The file's path in the example's change (`path=app/models.py`). */
  path?: string;
  base?: string;
  /** The example's file as it is on the base branch (it is an edited applied migration). */
  previous?: string;
  pgVersion?: number;
  tool?: string;
  implicitTransaction?: boolean;
}

export interface RuleDocs {
  markdown: string;
  invalid: RuleExample[];
  valid: RuleExample[];
}

// The rule pages sit next to the rule files, one folder up from this helper.
const RULES_DIRECTORY = dirname(dirname(fileURLToPath(import.meta.url)));
const FENCE = /```(sql|python|prisma|yaml)([^\n]*)\n([\s\S]*?)```/g;

export function ruleDocsPath(ruleId: string): string {
  return join(RULES_DIRECTORY, `${ruleId}.md`);
}

export function readRuleDocs(ruleId: string): RuleDocs {
  const markdown = readFileSync(ruleDocsPath(ruleId), 'utf8');
  return { markdown, invalid: examplesIn(section(markdown, 'Invalid')), valid: examplesIn(section(markdown, 'Valid')) };
}

function section(markdown: string, title: string): string {
  const start = markdown.search(new RegExp(`^## ${title}\\s*$`, 'm'));
  if (start < 0) return '';
  const rest = markdown.slice(start + title.length + 3);
  const next = rest.search(/^## /m);
  return next < 0 ? rest : rest.slice(0, next);
}

function examplesIn(text: string): RuleExample[] {
  const examples: RuleExample[] = [];
  let base: string | undefined;
  let previous: string | undefined;
  for (const match of text.matchAll(FENCE)) {
    const options = Object.fromEntries(
      match[2]!
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((pair) => {
          const [key, value] = pair.split('=');
          return [key!, value ?? 'true'];
        }),
    );
    if (options.base) {
      base = match[3]!;
      continue;
    }
    if (options.previous) {
      previous = match[3]!;
      continue;
    }
    examples.push({
      sql: match[3]!,
      ...(match[1] === 'python' || match[1] === 'prisma' || match[1] === 'yaml' ? { language: match[1] } : {}),
      ...(options.bytes === 'escaped' ? { bytes: 'escaped' as const } : {}),
      ...(options.path ? { path: options.path } : {}),
      base,
      ...(previous !== undefined ? { previous } : {}),
      pgVersion: options.pg ? Number(options.pg) : undefined,
      tool: options.tool,
      implicitTransaction: options.transaction ? options.transaction === 'implicit' : undefined,
    });
    base = undefined;
    previous = undefined;
  }
  return examples;
}
