import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rule } from '../../src/rules/api/define-rule.js';

/**
 * The rules as the docs describe them: metadata from each `src/rules/<id>.ts` and the page from the
 * `<id>.md` next to it. Rules are found the way the registry generator finds them (every `.ts` with
 * a `.md`), and imported one by one, so the docs never depend on a stale registry.
 */
export type RuleCategory = Rule['category'];

export interface DocumentedRule {
  id: string;
  summary: string;
  risk: Rule['risk'];
  severity: Rule['severity'];
  category: RuleCategory;
  help: string;
  oncePerFile: boolean;
  /** The kinds of file the rule reads, from the check functions it defines. */
  appliesTo: string[];
  /** The rule's own docs page, `src/rules/<id>.md`. */
  markdown: string;
}

/** Ids of the documented rules in a rules folder, sorted. */
export function documentedRuleIds(rulesDirectory: string): string[] {
  const files = readdirSync(rulesDirectory);
  return files
    .filter((name) => name.endsWith('.md') && files.includes(name.replace(/\.md$/, '.ts')))
    .map((name) => name.replace(/\.md$/, ''))
    .sort();
}

/** Imports every documented rule of `src/rules` (relative to the repository root). */
export async function loadRules(root: string): Promise<DocumentedRule[]> {
  const directory = join(root, 'src/rules');
  const rules: DocumentedRule[] = [];
  for (const id of documentedRuleIds(directory)) {
    // A relative specifier with `.js`: tsx and ts-jest both map it to the `.ts` source.
    const module = (await import(`../../src/rules/${id}.js`)) as { default?: Rule };
    rules.push(documentedRule(id, module.default, readFileSync(join(directory, `${id}.md`), 'utf8')));
  }
  return rules;
}

function documentedRule(id: string, rule: Rule | undefined, markdown: string): DocumentedRule {
  if (!rule || rule.id !== id) throw new Error(`src/rules/${id}.ts must default-export the rule "${id}" (defineRule)`);
  return {
    id,
    summary: rule.summary,
    risk: rule.risk,
    severity: rule.severity,
    category: rule.category,
    help: rule.help,
    oncePerFile: rule.oncePerFile === true,
    appliesTo: appliesTo(rule),
    markdown,
  };
}

/** Which files each check function sees; a rule with none is reported by the engine itself. */
const CHECK_TARGETS: [string, string][] = [
  ['checkStatement', 'SQL migrations'],
  ['checkFile', 'SQL migrations'],
  ['checkAlembic', 'Alembic revisions'],
  ['checkModel', 'SQLAlchemy / SQLModel models'],
  ['checkPrisma', 'Prisma schemas'],
];

function appliesTo(rule: Rule): string[] {
  const targets = CHECK_TARGETS.filter(([check]) => typeof (rule as unknown as Record<string, unknown>)[check] === 'function').map(
    ([, target]) => target,
  );
  return [...new Set(targets)];
}
