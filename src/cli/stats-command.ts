import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';

/**
 * `dbarch stats export [--database-url URL] [--output FILE]`: a read-only snapshot of a production
 * database's table sizes and counters (src/stats/export-stats.ts) as dbarch.stats/v1 JSON, for
 * `dbarch review --stats FILE` and config `stats.path`. The URL comes from --database-url or
 * DBARCH_STATS_DATABASE_URL, never from DATABASE_URL (the application's database: pointing dbarch at
 * it must be a decision).
 */
export interface StatsExportOptions {
  databaseUrl?: string;
  output?: string;
}

export function addStatsCommand(program: Command, io: CliIo, env: Readonly<Record<string, string | undefined>>): void {
  const stats = program.command('stats').description('Production table statistics for size-aware reviews (docs/stats.md).');
  stats
    .command('export')
    .description('Write a read-only dbarch.stats/v1 snapshot: table sizes, indexes, write and scan counters. No row data.')
    .option(
      '--database-url <url>',
      'database to read (default: DBARCH_STATS_DATABASE_URL; a replica has the sizes, only the primary write rates)',
    )
    .option('--output <file>', 'write the JSON here instead of stdout')
    .action(async (options: StatsExportOptions) => {
      await runStatsExport(options, io, env);
    });
}

export async function runStatsExport(
  options: StatsExportOptions,
  io: CliIo,
  env: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  const url = options.databaseUrl ?? env.DBARCH_STATS_DATABASE_URL;
  if (!url) {
    const hint = env.DATABASE_URL ? ' (DATABASE_URL is set but never read: pass it with --database-url if it is the database to read)' : '';
    throw new StatsUsageError(`stats export needs --database-url URL or DBARCH_STATS_DATABASE_URL${hint}.`);
  }
  const { exportStats } = await import('../stats/export-stats.js');
  const snapshot = await exportStats(url);
  const text = `${JSON.stringify(snapshot, null, 2)}\n`;
  if (options.output) {
    await writeFile(resolve(io.cwd, options.output), text);
    io.stderr.write(`dbarch: wrote statistics of ${snapshot.tables.length} tables to ${options.output}\n`);
  } else {
    io.stdout.write(text);
  }
}

/** A stats command given without what it needs: exit 2 with the message. */
export class StatsUsageError extends Error {
  override name = 'StatsUsageError';
}
