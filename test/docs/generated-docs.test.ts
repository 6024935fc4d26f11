import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDocs, REPOSITORY_ROOT, staleFiles, type GeneratedFile } from '../../scripts/generate-docs.js';

/**
 * Everything `npm run docs` writes is committed; this regenerates it in memory and compares, so a
 * rule, config key or README edit that forgot the generator fails here with the fix in the message.
 */
const files: GeneratedFile[] = await generateDocs();

describe('generated docs are up to date', () => {
  it.each(files.map((file) => [file.path, file] as const))('%s', (path, file) => {
    const target = join(REPOSITORY_ROOT, path);
    const onDisk = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (onDisk !== file.content) {
      throw new Error(`${path} is ${onDisk === undefined ? 'missing' : 'out of date'}: run npm run docs`);
    }
  });

  it('has no rule pages left from deleted or renamed rules', () => {
    const stale = staleFiles(files);
    if (stale.length > 0) throw new Error(`stale generated files ${stale.join(', ')}: run npm run docs`);
  });

  it('is deterministic', async () => {
    expect(await generateDocs()).toEqual(files);
  });
});
