import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configJsonSchema } from './docs/config-schema.js';
import { statsJsonSchema } from './docs/stats-schema.js';
import { configKeysTable, defaultPathsTable, toolConventionsTable } from './docs/config-reference.js';
import { formatGenerated } from './docs/format.js';
import { loadRules, type DocumentedRule } from './docs/load-rules.js';
import { replaceSection } from './docs/markdown.js';
import { rulePage, rulesIndex, rulesIndexPage } from './docs/rule-pages.js';
import { ruleRegistrySource } from './generate-rule-registry.js';

/**
 * `npm run docs`: regenerates every file derived from the code, deterministically —
 *   1. src/rules/index.ts             (one import per rule)
 *   2. docs/rules/<id>.md, docs/rules/README.md  (rule pages and the rules index)
 *   3. schema/dbarch.schema.json         (JSON Schema of .github/dbarch.yml)
 *      schema/dbarch.stats.schema.json   (JSON Schema of `dbarch stats export` snapshots)
 *   4. the marked sections of README.md and docs/configuration.md
 * generateDocs() returns the files; test/docs/generated-docs.test.ts compares them with the disk.
 */

export interface GeneratedFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  content: string;
}

export const REPOSITORY_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function generateDocs(root = REPOSITORY_ROOT): Promise<GeneratedFile[]> {
  const rules = await loadRules(root);
  const files = [
    { path: 'src/rules/index.ts', content: ruleRegistrySource(join(root, 'src/rules')) },
    ...rules.map((rule) => ({ path: `docs/rules/${rule.id}.md`, content: rulePage(rule) })),
    { path: 'docs/rules/README.md', content: rulesIndexPage(rules) },
    { path: 'schema/dbarch.schema.json', content: `${JSON.stringify(configJsonSchema(rules), null, 2)}\n` },
    { path: 'schema/dbarch.stats.schema.json', content: `${JSON.stringify(statsJsonSchema(), null, 2)}\n` },
    readmeFile(root, rules),
    configurationFile(root, rules),
  ];
  const formatted: GeneratedFile[] = [];
  for (const file of files) formatted.push({ path: file.path, content: await formatGenerated(root, file.path, file.content) });
  return formatted;
}

/** README.md as it is on disk, with its rules index regenerated. */
export function readmeFile(root: string, rules: readonly DocumentedRule[]): GeneratedFile {
  const path = 'README.md';
  const index = rulesIndex(rules, (id) => `docs/rules/${id}.md`, 3);
  return { path, content: replaceSection(readFileSync(join(root, path), 'utf8'), 'rules', index, path) };
}

/** docs/configuration.md as it is on disk, with its tables regenerated. */
export function configurationFile(root: string, rules: readonly DocumentedRule[]): GeneratedFile {
  const path = 'docs/configuration.md';
  let content = readFileSync(join(root, path), 'utf8');
  content = replaceSection(content, 'config-keys', configKeysTable(rules), path);
  content = replaceSection(content, 'default-paths', defaultPathsTable(), path);
  content = replaceSection(content, 'tool-conventions', toolConventionsTable(), path);
  return { path, content };
}

/** Generated rule pages whose rule no longer exists (deleted or renamed rules). */
export function staleFiles(files: readonly GeneratedFile[], root = REPOSITORY_ROOT): string[] {
  const directory = join(root, 'docs/rules');
  if (!existsSync(directory)) return [];
  const generated = new Set(files.map((file) => file.path));
  return readdirSync(directory)
    .map((name) => `docs/rules/${name}`)
    .filter((path) => !generated.has(path))
    .sort();
}

export function writeGeneratedFiles(files: readonly GeneratedFile[], root = REPOSITORY_ROOT): void {
  for (const path of staleFiles(files, root)) rmSync(join(root, path));
  for (const file of files) {
    const target = join(root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = await generateDocs();
  writeGeneratedFiles(files);
  process.stdout.write(`npm run docs: wrote ${files.length} files\n`);
}
