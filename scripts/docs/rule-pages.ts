import type { DocumentedRule, RuleCategory } from './load-rules.js';
import { GENERATED_NOTICE, inlineCode, table } from './markdown.js';

/**
 * docs/rules/<id>.md (the rule's own page under a metadata header) and the rules index, as it
 * appears in docs/rules/README.md and in the README.
 */

export const CATEGORY_ORDER: readonly RuleCategory[] = ['safety', 'correctness', 'design', 'hygiene'];

const CATEGORY_INTRO: Record<RuleCategory, string> = {
  safety: 'What a migration does to a running database: locks, table rewrites, scans, lost data, breaking the running application.',
  correctness: 'Migrations that fail, or do something other than what they seem to do.',
  design: 'Schema design of new tables and columns, judged against what a database architect would ask for.',
  hygiene: 'Habits that make migrations safer to run and easier to review; advice rather than alarms.',
};

const CATEGORY_TITLE: Record<RuleCategory, string> = {
  safety: 'Safety',
  correctness: 'Correctness',
  design: 'Design',
  hygiene: 'Hygiene',
};

/** The page of one rule: title, metadata, then the rule's own page without its title. */
export function rulePage(rule: DocumentedRule): string {
  const body = rule.markdown.replace(/^# [^\n]*\n+/, '');
  return (
    [
      `# ${rule.id}`,
      GENERATED_NOTICE,
      `[All rules](README.md) · ${CATEGORY_TITLE[rule.category]} · source: [${rule.id}.ts](../../src/rules/${rule.id}.ts), [${rule.id}.md](../../src/rules/${rule.id}.md)`,
      `> ${rule.summary}`,
      table(['Risk', 'Severity', 'Category', 'Applies to', 'Reported'], [metadataRow(rule)]),
      `**Safe alternative:** ${rule.help}`,
      body.trim(),
      configureSection(rule),
    ].join('\n\n') + '\n'
  );
}

function metadataRow(rule: DocumentedRule): string[] {
  const appliesTo = rule.appliesTo.length > 0 ? rule.appliesTo.join(', ') : 'reported by the review engine';
  return [`**${rule.risk}**`, rule.severity, rule.category, appliesTo, rule.oncePerFile ? 'once per file' : 'every occurrence'];
}

function configureSection(rule: DocumentedRule): string {
  return [
    '## Configure',
    '',
    'Silence one statement with a comment right above it (the reason after the colon is required), or a',
    'whole file with `-- dbarch-ignore-file`:',
    '',
    '```sql',
    `-- dbarch-ignore ${rule.id}: <why this is acceptable here>`,
    '```',
    '',
    'Change its severity or risk, or turn it off, in `.github/dbarch.yml` ([configuration](../configuration.md)):',
    '',
    '```yaml',
    'rules:',
    `  ${rule.id}: off # or notice | warning | error, or { severity: …, risk: … }`,
    '```',
  ].join('\n');
}

/** The rules grouped by category, one table per category; `link` builds each rule's link. */
export function rulesIndex(rules: readonly DocumentedRule[], link: (id: string) => string, headingLevel: number): string {
  const heading = '#'.repeat(headingLevel);
  const sections: string[] = [];
  for (const category of CATEGORY_ORDER) {
    const members = rules.filter((rule) => rule.category === category);
    if (members.length === 0) continue;
    const rows = members.map((rule) => [`[${rule.id}](${link(rule.id)})`, rule.risk, rule.severity, rule.summary]);
    sections.push(
      `${heading} ${CATEGORY_TITLE[category]} (${members.length})`,
      CATEGORY_INTRO[category],
      table(['Rule', 'Risk', 'Severity', 'Summary'], rows),
    );
  }
  const unknown = rules.filter((rule) => !CATEGORY_ORDER.includes(rule.category)).map((rule) => inlineCode(rule.id));
  if (unknown.length > 0) throw new Error(`rules with an unknown category: ${unknown.join(', ')}`);
  return sections.join('\n\n');
}

export function rulesIndexPage(rules: readonly DocumentedRule[]): string {
  return (
    [
      '# Rules',
      GENERATED_NOTICE,
      `dbarch has ${rules.length} rules. Each finding names its rule; every page below explains the hazard, shows SQL that is reported (Invalid) and SQL that is not (Valid), and how to configure or silence the rule. The examples on these pages run as tests.`,
      'Risk is what the finding means for production (see [risk levels](../risk-levels.md)); severity is how loudly it asks for action. Both can be changed per rule in [the configuration](../configuration.md).',
      rulesIndex(rules, (id) => `${id}.md`, 2),
    ].join('\n\n') + '\n'
  );
}
