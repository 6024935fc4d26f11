import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** DESIGN.md: "The engine never imports Probot, Octokit or `openai`; adapters do." */
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('module boundaries of the LLM part', () => {
  it("imports 'openai' in exactly one module", () => {
    const importers = sourceFiles(SRC)
      .filter((path) => /from 'openai(\/[^']*)?'/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(SRC, path));
    expect(importers).toEqual(['llm/openai-review-model.ts']);
  });

  it('keeps the engine free of the OpenAI-backed modules', () => {
    const engine = sourceFiles(join(SRC, 'engine'))
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    expect(engine).not.toMatch(/openai-review-model|model-from-env|cli-llm-deps/);
  });
});
