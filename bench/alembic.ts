import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SchemaFacts } from '../src/analysis/schema-facts.js';
import { defaultConfig } from '../src/config/load-config.js';
import { review } from '../src/engine/review.js';
import { reviewAlembicFile } from '../src/engine/files/alembic-file.js';
import { loadPythonParser } from '../src/parse/python/python-parser.js';
import { loadSqlParser } from '../src/parse/sql/parse-sql.js';
import { ALL_RULES } from '../src/rules/index.js';

/**
 * Alembic review throughput on the revision corpus (.corpora/alembic.txt, ~740 files from Debian
 * packages), on one core: (1) each revision reviewed alone (parse Python, translate op calls to SQL,
 * SQL and Alembic rules), for files/s and the per-file distribution; (2) the whole corpus as one
 * change through review() without worker threads (graph ordering and shared facts included).
 * Throughput is counted per CPU second (user + system of this process), which stays meaningful on
 * a shared, loaded machine where wall time does not; wall time is shown next to it.
 * Parsers are loaded before timing starts, and the first (cold) pass, where V8 is still compiling
 * the hot paths, is reported apart from the timed warm runs. Target (issue 6): ≥ 200 files/s.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGET_FILES_PER_SECOND = 200;

export async function benchAlembic(options: { runs?: number; corpora?: string } = {}): Promise<void> {
  const corpora = options.corpora ?? join(ROOT, '.corpora');
  const list = join(corpora, 'alembic.txt');
  if (!existsSync(list)) {
    console.log(`Alembic benchmark: no corpus at ${list}; fetch it with \`npm run corpora\`.`);
    return;
  }
  const files = readFileSync(list, 'utf8')
    .split('\n')
    .filter((path) => path && existsSync(join(corpora, path)))
    .map((path) => ({ path, content: readFileSync(join(corpora, path), 'utf8') }));
  await Promise.all([loadPythonParser(), loadSqlParser()]);
  const bytes = files.reduce((sum, file) => sum + file.content.length, 0);
  console.log(`\n## Alembic review throughput: ${files.length} revisions, ${(bytes / 1e6).toFixed(2)} MB, one core`);
  const runs = Math.max(1, options.runs ?? 1);
  const cold = reviewAlone(files);
  const perFile: number[] = [];
  const alone: Timing[] = [];
  const together: Timing[] = [];
  for (let run = 0; run < runs; run += 1) {
    alone.push(reviewAlone(files, run === 0 ? perFile : undefined));
    together.push(await reviewTogether(files));
  }
  const row = (label: string, timing: Timing) => {
    const perCpuSecond = files.length / timing.cpu;
    const verdict = perCpuSecond >= TARGET_FILES_PER_SECOND ? 'meets' : 'misses';
    return `| ${label} | ${timing.cpu.toFixed(2)} | ${timing.wall.toFixed(2)} | ${perCpuSecond.toFixed(0)} | ${verdict} |`;
  };
  perFile.sort((a, b) => a - b);
  const alonePick = median(alone);
  const togetherPick = median(together);
  console.log('| mode | CPU s | wall s | files per CPU second | target ≥ 200 |');
  console.log('|---|---|---|---|---|');
  console.log(row('each revision alone, first (cold) pass', cold));
  console.log(row(`each revision alone, warm (median of ${runs})`, alonePick));
  console.log(row('whole corpus as one change (review(), no workers)', togetherPick));
  console.log(
    `per revision: p50 ${percentile(perFile, 0.5).toFixed(2)} ms, p99 ${percentile(perFile, 0.99).toFixed(2)} ms, max ${perFile.at(-1)!.toFixed(2)} ms`,
  );
}

interface Timing {
  wall: number;
  cpu: number;
}

function startTimer(): () => Timing {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wall: (performance.now() - wall) / 1000, cpu: (used.user + used.system) / 1e6 };
  };
}

function reviewAlone(files: ReadonlyArray<{ path: string; content: string }>, durations?: number[]): Timing {
  const config = defaultConfig();
  const stop = startTimer();
  for (const file of files) {
    const fileStarted = performance.now();
    reviewAlembicFile({ ...file, kind: 'alembic', tool: 'alembic' }, { config, rules: ALL_RULES, facts: new SchemaFacts('change') });
    durations?.push(performance.now() - fileStarted);
  }
  return stop();
}

async function reviewTogether(files: ReadonlyArray<{ path: string; content: string }>): Promise<Timing> {
  const stop = startTimer();
  await review({ files: files.map((file) => ({ ...file, status: 'added' as const })) }, defaultConfig());
  return stop();
}

/** The run with the median CPU time. */
function median(values: Timing[]): Timing {
  const sorted = [...values].sort((a, b) => a.cpu - b.cpu);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}
