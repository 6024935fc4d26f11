import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine, type CliEngine } from '../src/cli/engine-port.js';
import { main } from '../src/cli/main.js';
import { readPeerCases, type PeerCase } from './peer-cases.js';
import { addOutcome, emptyTally, scoreCase, type CaseOutcome, type CaseReview, type RuleCategory, type Tally } from './peer-score.js';

/**
 * Peer benchmark: the 306 cases taken from five other migration linters' test suites
 * (../shared/peers, read in place), each reviewed alone in a folder of its own (its base as
 * `0001_base.sql`, the case as the next migration) by the CLI's own code path, in-process:
 * `main(['review', FILE, '--format', 'json', '--no-llm', '--no-dry-run'])`. Scored as the peers'
 * README "Metrics" says, per peer and in total; `--dry-run` adds a pass with the dry run on
 * (`--dry-run-sample N`: every k-th case, N of them). Targets: recall ≥ 99 %, risk agreement ≥ 96 %,
 * false alarms ≤ 2 %, no crashes, no dry-run failure on an object a case does not create.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PEERS = join(ROOT, '../shared/peers');

export interface PeersOptions {
  folder?: string;
  dryRun?: boolean;
  /** With dryRun: review only this many cases, spread evenly, in the dry-run pass. */
  dryRunSample?: number;
  /** Print each disagreement (case, expected, what dbarch said). */
  verbose?: boolean;
}

interface Scored {
  peerCase: PeerCase;
  outcome: CaseOutcome;
}

export async function benchPeers(options: PeersOptions = {}): Promise<Tally> {
  const folder = options.folder ?? PEERS;
  if (!existsSync(folder)) {
    console.log(`peer benchmark: no peer cases at ${folder}; skipped.`);
    return emptyTally();
  }
  const cases = readPeerCases(folder);
  const engine = await memoizedEngine();
  const categories = new Map(engine.rules.map((rule) => [rule.id, rule.category as RuleCategory]));
  const staticPass = await reviewCases(cases, false, categories);
  printPass(`Peer cases, static (--no-llm --no-dry-run): ${cases.length} cases from ${folder}`, staticPass, options.verbose);
  if (options.dryRun) {
    const sample = sampleOf(cases, options.dryRunSample);
    const dryRunPass = await reviewCases(sample, true, categories);
    printPass(`Peer cases with the dry run (--no-llm): ${sample.length} cases`, dryRunPass, options.verbose);
  }
  return total(staticPass);
}

async function reviewCases(cases: PeerCase[], dryRun: boolean, categories: Map<string, RuleCategory>): Promise<Scored[]> {
  const scored: Scored[] = [];
  for (const peerCase of cases) scored.push({ peerCase, outcome: scoreCase(peerCase, await reviewCase(peerCase, dryRun), categories) });
  return scored;
}

/** One case in a temporary folder of its own, so no other case counts as applied. */
async function reviewCase(peerCase: PeerCase, dryRun: boolean): Promise<CaseReview | undefined> {
  const folder = await mkdtemp(join(tmpdir(), 'dbarch-peer-case-'));
  try {
    if (peerCase.base !== undefined) await writeFile(join(folder, '0001_base.sql'), peerCase.base);
    const file = peerCase.base !== undefined ? '0002_case.sql' : '0001_case.sql';
    await writeFile(join(folder, file), peerCase.migration);
    const args = ['review', file, '--format', 'json', '--no-llm', ...(dryRun ? [] : ['--no-dry-run'])];
    if (peerCase.pgVersion !== undefined) args.push('--pg-version', String(peerCase.pgVersion));
    let stdout = '';
    const io = {
      cwd: folder,
      isTTY: false,
      color: false,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => true },
    };
    const exitCode = await main(args, io, memoizedEngine).catch(() => 2);
    if (exitCode === 2) return undefined;
    return caseFileReview(stdout, file);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function caseFileReview(stdout: string, file: string): CaseReview | undefined {
  try {
    const review = JSON.parse(stdout) as { files: { path: string; risk: string; findings: CaseReview['findings'] }[] };
    const reviewed = review.files.find((entry) => entry.path === file || entry.path.endsWith(`/${file}`));
    return reviewed ? { risk: reviewed.risk, findings: reviewed.findings } : undefined;
  } catch {
    return undefined;
  }
}

let engine: Promise<CliEngine> | undefined;
/** The CLI's engine, loaded once for all cases (the parser's and PGlite's WebAssembly compiled once). */
function memoizedEngine(): Promise<CliEngine> {
  engine ??= loadEngine();
  return engine;
}

function sampleOf(cases: PeerCase[], size: number | undefined): PeerCase[] {
  if (!size || size >= cases.length) return cases;
  const step = cases.length / size;
  return Array.from({ length: size }, (_, index) => cases[Math.floor(index * step)]!);
}

function total(scored: Scored[]): Tally {
  const tally = emptyTally();
  for (const { outcome } of scored) addOutcome(tally, outcome);
  return tally;
}

function printPass(title: string, scored: Scored[], verbose = false): void {
  console.log(`\n## ${title}`);
  const peers = [...new Set(scored.map(({ peerCase }) => peerCase.peer))];
  const rows = peers.map((peer) => row(peer, total(scored.filter(({ peerCase }) => peerCase.peer === peer))));
  const all = total(scored);
  rows.push(row('**all**', all, true));
  const header = [
    'peer',
    'cases',
    'risk agree',
    'hazard recall',
    'false alarms',
    'strict FA',
    'peer finding',
    'fails caught',
    'crashes',
    'no-base dry-run-failed',
  ];
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map(() => '---').join(' | ')} |`);
  for (const cells of rows) console.log(`| ${cells.join(' | ')} |`);
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const rate = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
  console.log(
    `targets: recall ≥ 99 % ${verdict(rate(all.hazardsCaught, all.hazards) >= 0.99)}, risk agreement ≥ 96 % ${verdict(rate(all.riskAgree, all.cases) >= 0.96)}, ` +
      `false alarms ≤ 2 % ${verdict(rate(all.falseAlarms, all.safe) <= 0.02)}, no crashes ${verdict(all.crashes === 0)}, ` +
      `no no-base dry-run failure ${verdict(all.noBaseDryRunFailed === 0)}`,
  );
  if (verbose) printDisagreements(scored);
}

function row(peer: string, tally: Tally, percent = false): string[] {
  const ratio = (part: number, whole: number) =>
    `${part}/${whole}${percent && whole > 0 ? ` (${((100 * part) / whole).toFixed(1)} %)` : ''}`;
  return [
    peer,
    String(tally.cases),
    ratio(tally.riskAgree, tally.cases),
    ratio(tally.hazardsCaught, tally.hazards),
    ratio(tally.falseAlarms, tally.safe),
    ratio(tally.strictFalseAlarms, tally.safe),
    ratio(tally.peerFindings, tally.withPeerFinding),
    ratio(tally.failsCaught, tally.fails),
    String(tally.crashes),
    String(tally.noBaseDryRunFailed),
  ];
}

function printDisagreements(scored: Scored[]): void {
  for (const { peerCase, outcome } of scored) {
    const wrong = !outcome.riskAgrees || outcome.falseAlarm || outcome.hazardCaught === false || outcome.crashed;
    const strict = outcome.strictFalseAlarm && !outcome.falseAlarm ? ' (strict FA)' : '';
    if (wrong || strict || outcome.noBaseDryRunFailed)
      console.log(`- ${peerCase.name}: expected ${peerCase.expectRisk}, got ${outcome.summary}${strict}`);
    for (const failure of outcome.noBaseFailures ?? []) console.log(`  - dry-run-failed on an object outside the case, ${failure}`);
  }
}
