/**
 * Estimated cost of a model call, for stats.llm and the per-review spend limit. Prices are USD per
 * million tokens as published by OpenAI (input, output); a model not listed (a local Ollama or vLLM
 * model, a LiteLLM alias) has no known price: its cost is reported as unknown and is not limited.
 */
interface Price {
  input: number;
  output: number;
}

const PRICES_PER_MILLION: Record<string, Price> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'o3-mini': { input: 1.1, output: 4.4 },
};

/** Dated snapshots ("gpt-4o-mini-2024-07-18") and provider prefixes ("openai/gpt-4o") share a price. */
function priceOf(model: string): Price | undefined {
  const name = model.toLowerCase().replace(/^(?:openai|azure)\//, '');
  const known = Object.keys(PRICES_PER_MILLION).sort((a, b) => b.length - a.length);
  const match = known.find((candidate) => name === candidate || name.startsWith(`${candidate}-20`));
  return match ? PRICES_PER_MILLION[match] : undefined;
}

/** USD, rounded to a millionth of a dollar; null when the model's price is unknown. */
export function estimateCostUsd(model: string, inputTokens: number, outputTokens: number): number | null {
  const price = priceOf(model);
  if (!price) return null;
  const cost = (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
  return Math.round(cost * 1_000_000) / 1_000_000;
}
