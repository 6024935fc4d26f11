import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The benchmark's input: the files of a corpus list (.corpora/pg-sql.txt) gathered under one folder,
 * as hard links (copies across file systems). Both tools then get exactly these files the way a user
 * would give them: dbarch a folder (PATH mode), squawk a glob. Files not named `.sql` (Request
 * Tracker's `schema.Pg`) get a `.sql` suffix so that both tools lint them as SQL.
 */

export interface CorpusTree {
  /** Folder holding the files (absolute). */
  root: string;
  /** Paths relative to root, in list order. */
  files: string[];
  bytes: number;
  /** Changes when the list changes: keys caches of per-file results. */
  hash: string;
}

export function corpusTree(corpora: string, listName: string, treeName = 'bench-tree'): CorpusTree {
  const sources = readFileSync(join(corpora, listName), 'utf8').split('\n').filter(Boolean);
  const root = join(corpora, treeName);
  const files = sources.map((source) => (source.endsWith('.sql') ? source : `${source}.sql`));
  const hash = createHash('sha256').update(sources.join('\n')).digest('hex').slice(0, 16);
  const manifest = join(root, '.manifest');
  if (!existsSync(manifest) || readFileSync(manifest, 'utf8') !== hash) {
    rmSync(root, { recursive: true, force: true });
    sources.forEach((source, index) => place(join(corpora, source), join(root, files[index]!)));
    writeFileSync(manifest, hash);
  }
  const bytes = files.reduce((sum, file) => sum + statSync(join(root, file)).size, 0);
  return { root, files, bytes, hash };
}

function place(source: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  try {
    linkSync(source, target);
  } catch {
    copyFileSync(source, target);
  }
}
