import type { Config } from '../config/schema.js';
import type { FileReview, Finding, StatementReport, TableSize } from '../review-types/index.js';
import { maxRisk } from '../review-types/index.js';
import { estimateDuration, estimateModel, tableBytes, tableRows, type EstimateModel, type Operation } from './estimate-model.js';
import { FINDING_CONCERNS, OPERATION_WORDS, type FindingConcern } from './finding-operations.js';
import { formatBytes, formatCount, formatDurationRange, formatTableSize } from './format-figures.js';
import { findStatsTable, withPartitions, type StatsSnapshot, type StatsTable } from './stats-snapshot.js';
import { tableTraffic } from './table-traffic.js';

/**
 * The stats stage of review(): with a production snapshot (dbarch.stats/v1), each finding on a table
 * the snapshot knows gets the table's size, and where it is about an operation that grows with the
 * table an estimated duration and the writes that queue behind it. Lock findings on tables below
 * `stats.smallTable` become notices that say why. A table the snapshot does not know keeps its
 * verdict (judged as big and busy, as without stats), and the message says the stats did not know it.
 * Which table: the first relation the finding's statement locks (the ALTER/CREATE INDEX/UPDATE
 * target; a foreign key's referenced table comes second). Mutates `files`.
 */
export function applyTableStats(files: FileReview[], snapshot: StatsSnapshot, settings: Config['stats']): void {
  const context: StatsContext = { snapshot, settings, model: estimateModel(settings.estimate), day: snapshot.snapshotAt.slice(0, 10) };
  for (const file of files) {
    let changed = false;
    for (const finding of file.findings) {
      const concern = FINDING_CONCERNS[finding.ruleId];
      const statement = concern && finding.source !== 'llm' ? statementAt(file.statements, finding.line) : undefined;
      if (!concern || !statement || statement.locks.length === 0) continue;
      changed = judgeFinding(finding, concern, statement, context) || changed;
    }
    if (changed) recomputeRisks(file);
  }
}

interface StatsContext {
  snapshot: StatsSnapshot;
  settings: Config['stats'];
  model: EstimateModel;
  /** The snapshot's date, named in messages so a reader knows how old the figures are. */
  day: string;
}

/** Adds the figures to one finding (and its statement); returns whether its risk changed. */
function judgeFinding(finding: Finding, concern: FindingConcern, statement: StatementReport, context: StatsContext): boolean {
  const [primary, secondary] = statement.locks.map((lock) => lock.relation);
  const found = findStatsTable(context.snapshot, primary!);
  const table = found && withPartitions(context.snapshot, found);
  if (!table) {
    if (finding.risk === 'downtime')
      finding.message += ` (The production statistics of ${context.day} do not list ${primary}: judged as a big, busy table.)`;
    return false;
  }
  const size = sizeOf(table);
  finding.table = size;
  statement.table ??= size;
  // A finding already judged safe (e.g. the dry run saw no rewrite) gets the size, not an estimate.
  if (concern === 'size' || finding.risk === 'safe') {
    finding.message += ` Production statistics (${context.day}): ${size.name} holds ${formatTableSize(size)}.`;
    return false;
  }
  if (finding.risk === 'downtime' && isSmall(table, context.settings.smallTable)) {
    demote(finding, size, context);
    return true;
  }
  // INSERT … SELECT costs what it reads, which the target's size does not tell: size and traffic only.
  const estimated = concern !== 'lock' && statement.kind !== 'InsertStmt';
  const estimate = estimated ? estimateFor(concern, table, secondary, context) : undefined;
  if (estimate) {
    finding.estimate = estimate;
    if (!statement.estimate || statement.estimate.highSeconds < estimate.highSeconds) {
      statement.estimate = estimate;
      statement.table = size;
    }
  }
  const blocksReads = statement.locks[0]!.mode === 'ACCESS EXCLUSIVE';
  finding.message += ` ${sizeSentence(size, context.day, concern, estimate)}${queueSentence(table, estimate, blocksReads, context)}`;
  return false;
}

function estimateFor(operation: Operation, table: StatsTable, referencedName: string | undefined, context: StatsContext) {
  const referenced =
    operation === 'foreign-key-validation' && referencedName ? findStatsTable(context.snapshot, referencedName) : undefined;
  return estimateDuration(operation, table, context.model, referenced && withPartitions(context.snapshot, referenced));
}

function sizeSentence(size: TableSize, day: string, concern: FindingConcern, estimate: Finding['estimate']): string {
  const head = `Production statistics (${day}): ${size.name} holds ${formatTableSize(size)}`;
  if (!estimate) return `${head}.`;
  return `${head}; ${OPERATION_WORDS[concern as Operation]} is estimated at ${formatDurationRange(estimate.lowSeconds, estimate.highSeconds)}.`;
}

/** What waits behind the lock: the table's average write rate × the estimated duration. */
function queueSentence(table: StatsTable, estimate: Finding['estimate'], blocksReads: boolean, context: StatsContext): string {
  const traffic = tableTraffic(context.snapshot, table);
  if (!traffic) return ` Its write rate is unknown: ${unknownRateReason(context.snapshot)}.`;
  const rate = `${formatCount(traffic.writesPerSecond)} writes/s`;
  const reads = blocksReads ? ` Reads wait too (${formatCount(traffic.scansPerSecond)} scans/s).` : '';
  if (!estimate) return ` It averages ${rate}; each waits while the lock is held or queued.${reads}`;
  const low = formatCount(traffic.writesPerSecond * estimate.lowSeconds);
  const high = formatCount(traffic.writesPerSecond * estimate.highSeconds);
  return ` At its average ${rate}, about ${low}–${high} writes would queue behind the lock.${reads}`;
}

function unknownRateReason(snapshot: StatsSnapshot): string {
  if (snapshot.server.standby) return 'the statistics come from a standby, which counts no writes';
  if (!snapshot.statsResetAt) return 'the statistics were never reset, so their counters cover no known interval';
  return 'the statistics were reset less than a minute before the snapshot';
}

function demote(finding: Finding, size: TableSize, context: StatsContext): void {
  const { rows, bytes } = context.settings.smallTable;
  finding.risk = 'safe';
  finding.severity = 'notice';
  finding.message = `${size.name} is small in the production statistics of ${context.day} (${formatTableSize(size)}; below stats.smallTable: ${formatCount(rows)} rows, ${formatBytes(bytes)}), so the lock is brief. The rule's concern was: ${finding.message}`;
}

function isSmall(table: StatsTable, threshold: Config['stats']['smallTable']): boolean {
  return tableRows(table) < threshold.rows && tableBytes(table) + table.indexBytes < threshold.bytes;
}

function sizeOf(table: StatsTable): TableSize {
  return { name: `${table.schema}.${table.name}`, rows: tableRows(table), bytes: tableBytes(table) + table.indexBytes };
}

function statementAt(statements: readonly StatementReport[], line: number): StatementReport | undefined {
  return statements.find((report) => report.line <= line && line <= report.endLine);
}

/** A statement's risk is the highest of its findings'; the file's the highest of all. */
function recomputeRisks(file: FileReview): void {
  for (const report of file.statements) {
    const risks = file.findings.filter((finding) => report.line <= finding.line && finding.line <= report.endLine).map((f) => f.risk);
    report.risk = maxRisk(risks);
  }
  file.risk = maxRisk(file.findings.map((finding) => finding.risk));
}
