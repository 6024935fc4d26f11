import { parentPort, workerData } from 'node:worker_threads';
import { FACT_KINDS, SchemaFacts } from '../analysis/schema-facts.js';
import { loadSqlParser, type ParsedSql } from '../parse/sql/parse-sql.js';
import { ALL_RULES } from '../rules/index.js';
import type { FactStatement, FromWorker, ToWorker, WorkerStart } from './parallel-review-protocol.js';
import { analyzeSqlFile, parseSqlFile, type SqlFileInput } from './review-sql-file.js';

/**
 * Worker thread of the parallel review (see parallel-review.ts). It reviews the SQL files it is
 * given, in increasing order: it parses a file as soon as it has it and sends the file's facts
 * (its statements that change SchemaFacts) at once, then analyses the file when the facts of every
 * earlier file of the review have arrived and been applied to its own copy of the facts. While it
 * waits, it parses its next file.
 */

interface Job {
  index: number;
  input: SqlFileInput;
  parsed?: ParsedSql;
}

const start = workerData as WorkerStart;
const port = parentPort!;
const facts = SchemaFacts.revive(start.facts);
const enabled = new Set(start.ruleIds);
const rules = ALL_RULES.filter((rule) => enabled.has(rule.id));
const jobs: Job[] = [];
const batches = new Map<number, FactStatement[]>();
/** The facts of files 0…applied are in `facts`. */
let applied = -1;
let scheduled = false;

await loadSqlParser();
port.on('message', (message: ToWorker) => {
  if (message.type === 'review') jobs.push({ index: message.index, input: message.input });
  else batches.set(message.index, message.statements);
  schedule();
});

/** Work runs in steps between which messages (facts from other threads) are received. */
function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    const index = jobs[0]?.index ?? -1;
    try {
      if (step()) schedule();
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      send({ type: 'failed', index, message: failure.message, stack: failure.stack });
    }
  });
}

/** One piece of work; true when there may be more right away. */
function step(): boolean {
  applyArrivedFacts();
  const next = jobs[0];
  if (next?.parsed && applied === next.index - 1) {
    jobs.shift();
    analyze(next, next.parsed);
    return true;
  }
  const unparsed = jobs.find((job) => !job.parsed);
  if (!unparsed) return false;
  unparsed.parsed = parseSqlFile(unparsed.input);
  send({ type: 'facts', index: unparsed.index, statements: factStatements(unparsed.parsed) });
  return true;
}

function applyArrivedFacts(): void {
  for (let batch = batches.get(applied + 1); batch; batch = batches.get(applied + 1)) {
    batches.delete(applied + 1);
    for (const statement of batch) facts.apply(statement);
    applied += 1;
  }
}

function analyze(job: Job, parsed: ParsedSql): void {
  // analyzeSqlFile applies the file's own statements to `facts`, as the in-process review does.
  const { suppressed, ...review } = analyzeSqlFile(job.input, parsed, { config: start.config, rules, facts });
  applied = job.index;
  send({ type: 'reviewed', index: job.index, review, suppressed });
}

function factStatements(parsed: ParsedSql): FactStatement[] {
  return parsed.statements.filter((statement) => statement.ast && FACT_KINDS.has(statement.kind)).map(({ kind, ast }) => ({ kind, ast }));
}

function send(message: FromWorker): void {
  port.postMessage(message);
}
