import type { PgliteArtifacts } from './pglite-artifacts.js';
import type { BaseFileStatements } from '../replay/replay-base.js';
import type { StandInScope } from '../trace/stand-ins.js';
import type { DryRunFileInput, DryRunNote, FileTrace, StatementTrace } from '../types.js';

/** Messages between the main thread and the PGlite worker. */

export interface WorkerStartData {
  /** A PGlite data-dir tarball (uncompressed, or gzipped when `gzipped`) to start from; a fresh cluster (initdb) when absent. */
  dataDir?: Uint8Array;
  gzipped?: boolean;
  /** PGlite's compiled modules and file system bundle, shared by the process's sandboxes. */
  artifacts?: PgliteArtifacts;
}

export type WorkerRequest =
  | { id: number; op: 'replay'; file: BaseFileStatements }
  | { id: number; op: 'seed'; tables: string[]; rows: number }
  | { id: number; op: 'trace'; file: DryRunFileInput; standInScope: StandInScope; notBase: string[] }
  | { id: number; op: 'dump' }
  | { id: number; op: 'drop-templates' };

export interface WorkerResults {
  replay: DryRunNote[];
  seed: string[];
  trace: FileTrace;
  dump: Uint8Array;
  'drop-templates': void;
}

export type WorkerMessage =
  | { type: 'ready'; version: string }
  | { type: 'start-failed'; message: string }
  | { type: 'progress'; id: number; statementIndex: number }
  | { type: 'statement-done'; id: number; trace: StatementTrace }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string };
