import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The layers stay layered: what the engine is built from (parsers, analysis, rules, classification,
 * models, findings, the dry run) never imports the engine, and the shared review types import
 * nothing. Read from the sources' import statements, so a new upward import fails here.
 */

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const BELOW_ENGINE = ['parse', 'analysis', 'rules', 'classify', 'models', 'findings', 'review-types', 'dry-run'];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The src-relative paths a file imports (relative specifiers only: packages are not layers). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => relative(SRC, resolve(dirname(file), specifier)));
}

describe('the import graph', () => {
  it.each(BELOW_ENGINE)('src/%s does not import src/engine', (layer) => {
    const upward = sourceFiles(join(SRC, layer)).flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('engine/'))
        .map((target) => `${relative(SRC, file)} -> ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('src/review-types imports nothing outside itself', () => {
    const outside = sourceFiles(join(SRC, 'review-types')).flatMap((file) =>
      importsOf(file)
        .filter((target) => !target.startsWith('review-types/'))
        .map((target) => `${relative(SRC, file)} -> ${target}`),
    );
    expect(outside).toEqual([]);
  });

  it('sees the imports it checks', () => {
    // The engine's own imports are found, so an empty list above is no parsing accident.
    expect(importsOf(join(SRC, 'engine/review.ts'))).toContain('engine/files/review-each-file.js');
  });
});
