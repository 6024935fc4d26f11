import { workerEntry } from '../runtime/worker-entry.js';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FACT_KINDS, SchemaFacts } from '../analysis/schema-facts.js';
import type { Config } from '../config/schema.js';
import type { Rule } from '../rules/define-rule.js';
import type { FactStatement, FromWorker, ToWorker, WorkerStart } from './parallel-review-protocol.js';
import type { SqlFileInput } from './review-sql-file.js';
import type { FileReview } from '../review-types/index.js';

/**
 * Step 4 of review() on several threads, when asked (ReviewDeps.workers, DBARCH_WORKERS=N|auto):
 * worth it for big changes (a data load, a first review of a whole migration history) on a machine
 * with memory to spare. Parsing is most of the work and needs nothing from other files, but the
 * rules do: SchemaFacts flow through the files in review order (a table created by an earlier
 * migration is new for a later one). So:
 *
 * - worker threads take the SQL files in review order (at most two outstanding each) and parse
 *   them as soon as they get them, each sending back at once the file's facts: its statements that
 *   change SchemaFacts (FACT_KINDS), a small part of the file;
 * - this thread applies those facts in review order to its own copy and forwards each file's facts
 *   to the other workers, in order; files a worker does not take (Alembic, config, skipped files)
 *   are reviewed here, in their turn, and their facts forwarded the same way;
 * - a worker runs the rules on its file k once it has applied the facts of files 0…k−1, so every
 *   file sees exactly the facts the one-thread review gives it. While waiting it parses ahead.
 *
 * Results are the same as review()'s in-process loop, file for file. Any failure (a worker that
 * cannot start, crashes or runs out of memory) rejects, and review() reviews in-process instead.
 */

export interface FileOutcome {
  review: FileReview;
  suppressed: number;
}

export interface ParallelReviewOptions<File extends { path: string }> {
  /** Every file, in review order. */
  files: readonly File[];
  /** The input of a SQL migration a worker can review; undefined for files this thread reviews. */
  sqlInput(file: File): SqlFileInput | undefined;
  /** Reviews a file on this thread, with the facts as they stand at its turn. */
  reviewInProcess(file: File, facts: SchemaFacts): FileOutcome;
  /** Facts before the first file (base schema, planned indexes); not modified. */
  facts: SchemaFacts;
  config: Config;
  rules: readonly Rule[];
  workers: number;
  onProgress?: (done: number, total: number, path: string) => void;
}

/** In `auto` mode, below this much SQL starting workers (each loads the rules and the parser) costs more than it saves. */
const MIN_PARALLEL_CHARS = 4_000_000;
const MAX_WORKERS = 4;
/** Files a worker holds at once (one analysed, one parsed ahead): bounds its memory. */
const OUTSTANDING_PER_WORKER = 2;
/** Each worker's heap cap; beyond it the worker fails and the review runs in-process. */
const WORKER_HEAP_MB = 512;
/**
 * Workers when neither ReviewDeps.workers nor DBARCH_WORKERS says: none. On the 54 MB corpus of the
 * static-review benchmark two workers cut the wall time by about a third but add 100–200 MB of RSS
 * (a second parser instance and heap), and one thread already reviews faster than squawk.
 */
const DEFAULT_WORKERS: WorkerSetting = 0;

/** A number of worker threads (0: review on the calling thread), or `auto`: one per CPU for changes with several MB of SQL. */
export type WorkerSetting = number | 'auto';

/** How many workers to use for a change: `requested` (ReviewDeps.workers), else DBARCH_WORKERS, else DEFAULT_WORKERS. */
export function parallelWorkers(requested: WorkerSetting | undefined, sqlFiles: number, sqlChars: number): number {
  const setting = requested ?? workersFromEnvironment() ?? DEFAULT_WORKERS;
  if (sqlFiles < 2) return 0;
  if (setting !== 'auto') return Math.max(0, Math.min(Math.floor(setting), sqlFiles));
  const cpus = availableParallelism();
  if (cpus < 2 || sqlChars < MIN_PARALLEL_CHARS) return 0;
  return Math.min(cpus, MAX_WORKERS, sqlFiles);
}

function workersFromEnvironment(): WorkerSetting | undefined {
  const value = process.env.DBARCH_WORKERS?.trim();
  if (!value) return undefined;
  if (value === 'auto') return 'auto';
  const count = Number(value);
  return Number.isFinite(count) ? count : undefined;
}

export async function reviewInParallel<File extends { path: string }>(options: ParallelReviewOptions<File>): Promise<FileOutcome[]> {
  const run = new ParallelRun(options);
  try {
    return await run.finished;
  } finally {
    await run.stop();
  }
}

interface WorkerState {
  worker: Worker;
  outstanding: number;
}

class ParallelRun<File extends { path: string }> {
  readonly finished: Promise<FileOutcome[]>;
  private resolve!: (outcomes: FileOutcome[]) => void;
  private reject!: (error: Error) => void;
  private readonly outcomes: (FileOutcome | undefined)[];
  private readonly inputs: (SqlFileInput | undefined)[];
  private readonly owners = new Map<number, WorkerState>();
  private readonly batches = new Map<number, FactStatement[]>();
  private readonly facts: SchemaFacts;
  private readonly workers: WorkerState[];
  /** Files before `cursor` have their facts applied here and forwarded to the workers. */
  private cursor = 0;
  private nextDispatch = 0;
  private done = 0;
  private settled = false;

  constructor(private readonly options: ParallelReviewOptions<File>) {
    this.finished = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.outcomes = options.files.map(() => undefined);
    this.inputs = options.files.map((file) => options.sqlInput(file));
    this.facts = SchemaFacts.revive(structuredClone(options.facts));
    const start: WorkerStart = { config: options.config, ruleIds: options.rules.map((rule) => rule.id), facts: options.facts };
    this.workers = Array.from({ length: Math.max(1, options.workers) }, () => this.startWorker(start));
    if (this.outcomes.length === 0) this.resolve([]);
    this.guard(() => {
      this.dispatch();
      this.advance();
    });
  }

  async stop(): Promise<void> {
    this.settled = true;
    await Promise.all(this.workers.map((state) => state.worker.terminate()));
  }

  private startWorker(start: WorkerStart): WorkerState {
    const { entry, evaluate } = workerEntry(import.meta.url, 'parallel-review-worker');
    const worker = new Worker(entry, { eval: evaluate, workerData: start, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    const state: WorkerState = { worker, outstanding: 0 };
    worker.on('message', (message: FromWorker) => this.guard(() => this.receive(state, message)));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`a review worker stopped (exit code ${code})`)));
    return state;
  }

  private receive(state: WorkerState, message: FromWorker): void {
    if (message.type === 'failed') {
      const error = new Error(message.message);
      if (message.stack) error.stack = message.stack;
      throw error;
    }
    if (message.type === 'facts') {
      this.batches.set(message.index, message.statements);
      this.advance();
      return;
    }
    state.outstanding -= 1;
    this.complete(message.index, { review: message.review, suppressed: message.suppressed });
    this.dispatch();
  }

  /** Gives each worker up to OUTSTANDING_PER_WORKER SQL files, in review order. */
  private dispatch(): void {
    for (;;) {
      while (this.nextDispatch < this.inputs.length && !this.inputs[this.nextDispatch]) this.nextDispatch += 1;
      const input = this.inputs[this.nextDispatch];
      const state = this.workers.reduce((best, candidate) => (candidate.outstanding < best.outstanding ? candidate : best));
      if (!input || state.outstanding >= OUTSTANDING_PER_WORKER) return;
      state.outstanding += 1;
      this.owners.set(this.nextDispatch, state);
      this.post(state, { type: 'review', index: this.nextDispatch, input });
      this.nextDispatch += 1;
    }
  }

  /** Applies and forwards facts in review order; reviews this thread's files when their turn comes. */
  private advance(): void {
    while (this.cursor < this.options.files.length) {
      const index = this.cursor;
      let batch = this.batches.get(index);
      if (this.inputs[index]) {
        if (!batch) return;
        this.batches.delete(index);
        for (const statement of batch) this.facts.apply(statement);
      } else {
        batch = this.reviewHere(index);
      }
      for (const state of this.workers) if (state !== this.owners.get(index)) this.post(state, { type: 'facts', index, statements: batch });
      this.cursor += 1;
    }
  }

  /** Reviews a file on this thread and returns the facts it applied. */
  private reviewHere(index: number): FactStatement[] {
    const recorded: FactStatement[] = [];
    // Record what the file's review applies to the facts (Alembic reviews apply their generated SQL).
    const facts = this.facts;
    const apply = facts.apply;
    facts.apply = (statement) => {
      if (statement.ast && FACT_KINDS.has(statement.kind)) recorded.push({ kind: statement.kind, ast: statement.ast });
      apply.call(facts, statement);
    };
    try {
      this.complete(index, this.options.reviewInProcess(this.options.files[index]!, facts));
    } finally {
      delete (facts as Partial<Pick<SchemaFacts, 'apply'>>).apply;
    }
    return recorded;
  }

  private complete(index: number, outcome: FileOutcome): void {
    this.outcomes[index] = outcome;
    this.done += 1;
    this.options.onProgress?.(this.done, this.outcomes.length, this.options.files[index]!.path);
    if (this.done === this.outcomes.length) {
      this.settled = true;
      this.resolve(this.outcomes as FileOutcome[]);
    }
  }

  private post(state: WorkerState, message: ToWorker): void {
    state.worker.postMessage(message);
  }

  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private fail(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
}
