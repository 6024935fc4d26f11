import { expect } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Snapshots of the terminal report kept as plain `.txt` files in test/render/text-reports/, so a
 * reviewer reads the report itself in a pull request's diff (as squawk and typescript-eslint keep
 * theirs). Compared exactly; `UPDATE_TEXT_REPORTS=1` rewrites them after a deliberate change.
 */
const FOLDER = join(dirname(fileURLToPath(import.meta.url)), 'text-reports');

export function expectTextReport(name: string, output: string): void {
  const path = join(FOLDER, `${name}.txt`);
  if (process.env.UPDATE_TEXT_REPORTS === '1') {
    mkdirSync(FOLDER, { recursive: true });
    writeFileSync(path, output);
  }
  expect(output).toBe(readFileSync(path, 'utf8'));
}
