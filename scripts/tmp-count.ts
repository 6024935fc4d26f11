import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { loadSqlParser, parseSql } from '../src/parse/sql/parse-sql.js';
await loadSqlParser();
const files = execSync('find /tmp/dbarch-bench-debian -name "*.sql"').toString().trim().split('\n');
const kinds = new Map<string, number>(); let bulk = 0, full = 0, ins = 0, insChars = 0; let t = performance.now();
for (const f of files) {
  const p = parseSql(readFileSync(f, 'latin1'));
  for (const s of p.statements) { kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1); if (s.bulk) bulk++; else { full++; if (s.kind === 'InsertStmt') { ins++; insChars += s.text.length; } } }
}
console.log('ms', (performance.now() - t).toFixed(0), 'bulk', bulk, 'full', full, 'full inserts', ins, 'avg chars', (insChars / ins).toFixed(0));
console.log([...kinds].sort((a, b) => b[1] - a[1]).slice(0, 15));
