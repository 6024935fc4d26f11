/**
 * The little the tracer needs from a PostgreSQL connection, so the same code traces on PGlite (in
 * the worker) and on a real server (through a client library).
 */
export interface SqlSession {
  /** Runs one statement, with $1… parameters, and returns its rows. */
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs SQL text without parameters (may hold several statements). */
  exec(sql: string): Promise<void>;
}

/** What PostgreSQL said about a failed statement, copied into plain data. */
export function errorDetails(error: unknown): { message: string; code: string; detail?: string; hint?: string } {
  const record = (error ?? {}) as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof record[key] === 'string' && record[key] ? (record[key] as string) : undefined);
  return {
    message: text('message') ?? String(error),
    code: text('code') ?? 'unknown',
    ...(text('detail') ? { detail: text('detail') } : {}),
    ...(text('hint') ? { hint: text('hint') } : {}),
  };
}
