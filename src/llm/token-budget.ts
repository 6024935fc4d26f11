import { countTokens } from 'gpt-tokenizer';

/**
 * Token counting with gpt-tokenizer (o200k_base, the encoding of OpenAI's current models; other
 * models' tokenizers differ by a few percent, which the safety margin below absorbs).
 */
export function tokens(text: string): number {
  return text.length === 0 ? 0 : countTokens(text);
}

/** Chat framing per message (role markers, separators) that the text alone does not count. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
/** Lines counted one by one can tokenise slightly differently when joined; keep this much spare. */
const SAFETY_MARGIN = 0.03;

export function withMargin(budget: number): number {
  return Math.floor(budget * (1 - SAFETY_MARGIN));
}

/**
 * The longest prefix of `lines` whose tokens (plus a newline each) fit `budget`; how many it kept
 * and what they cost.
 */
export function fitLines(lines: readonly string[], budget: number): { kept: number; used: number } {
  let used = 0;
  let kept = 0;
  for (const line of lines) {
    const cost = tokens(line) + 1;
    if (used + cost > budget) break;
    used += cost;
    kept += 1;
  }
  return { kept, used };
}
