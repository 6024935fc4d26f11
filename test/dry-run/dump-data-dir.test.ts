import { describe, expect, it } from '@jest/globals';
import { PGlite } from '@electric-sql/pglite';
import { gunzipSync } from 'node:zlib';
import { dumpDataDir } from '../../src/dry-run/sandbox/dump-data-dir.js';

/** The cluster dump the base cache keeps: a gzipped ustar tarball PGlite's own loader restores. */
describe('dumpDataDir', () => {
  it('writes a tarball from which PGlite starts with the same tables and rows', async () => {
    const db = await PGlite.create();
    await db.exec("CREATE TABLE orders (id int PRIMARY KEY, note text); INSERT INTO orders VALUES (1, 'first'), (2, 'second');");
    const dump = await dumpDataDir(db);
    await db.close();
    const tar = gunzipSync(dump);
    expect(tar.subarray(257, 263).toString('latin1')).toBe('ustar\u0000');
    expect(tar.length % 512).toBe(0);
    const restored = await PGlite.create({ loadDataDir: new Blob([dump], { type: 'application/x-gzip' }) });
    try {
      expect((await restored.query<{ note: string }>('SELECT note FROM orders ORDER BY id')).rows).toEqual([
        { note: 'first' },
        { note: 'second' },
      ]);
      await restored.exec('CREATE INDEX orders_note_idx ON orders (note)'); // the restored cluster takes writes
    } finally {
      await restored.close();
    }
  }, 60_000);
});
