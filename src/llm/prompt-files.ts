import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The LLM's instructions live in `prompts/*.md` at the package root, versioned like code. Both
 * `src/llm` (tests, tsx) and `dist/llm` (the published build) sit two folders below that root.
 */
export const PROMPTS_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'prompts');

export const PROMPT_FILES = ['architect.md', 'explain.md'] as const;
export type PromptFile = (typeof PROMPT_FILES)[number];

const loaded = new Map<PromptFile, string>();

export function readPrompt(file: PromptFile): string {
  let text = loaded.get(file);
  if (text === undefined) {
    text = readFileSync(join(PROMPTS_DIRECTORY, file), 'utf8').replace(/\r\n/g, '\n').trim();
    loaded.set(file, text);
  }
  return text;
}

/**
 * A content hash of every prompt file. It is part of the cache key (a reworded prompt must not be
 * answered from the cache) and of stats.llm, so a review says which instructions produced it.
 */
export function promptVersion(): string {
  const hash = createHash('sha256');
  for (const file of PROMPT_FILES) hash.update(`${file}\0${readPrompt(file)}\0`);
  return hash.digest('hex').slice(0, 12);
}

export const PROMPT_VERSION: string = promptVersion();
