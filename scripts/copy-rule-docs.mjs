// Copies the rule documentation pages (src/rules/*.md) next to the compiled rules (dist/rules/),
// where readRuleDocs (src/rules/support/rule-docs.ts) looks for them at run time (`/dbarch explain`).
// tsc copies no assets; this runs after it in `npm run build`. No dependencies on purpose.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'rules');
const target = join(root, 'dist', 'rules');

const pages = readdirSync(source).filter((name) => name.endsWith('.md'));
mkdirSync(target, { recursive: true });
// Pages of rules that were removed or renamed must not linger in dist.
for (const name of readdirSync(target)) {
  if (name.endsWith('.md') && !pages.includes(name)) rmSync(join(target, name));
}
for (const name of pages) copyFileSync(join(source, name), join(target, name));
console.log(`copied ${pages.length} rule docs to ${join('dist', 'rules')}`);
