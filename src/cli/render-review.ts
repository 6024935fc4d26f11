import type { Review } from '../review-types/index.js';
import { renderJsonChunks } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderSarif, type RuleMetadata } from '../render/sarif.js';
import { renderText } from '../render/text.js';

export const OUTPUT_FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface RenderContext {
  /** Head contents by path, for excerpts (text) and fingerprints (SARIF). */
  sources: ReadonlyMap<string, string>;
  color: boolean;
  rules: readonly RuleMetadata[];
  /** Text format: the width to wrap to, and --verbose. */
  width?: number;
  verbose?: boolean;
}

/** The output in pieces to write in order (JSON comes file by file: see renderJsonChunks). */
export function renderReview(review: Review, format: OutputFormat, context: RenderContext): Iterable<string> {
  switch (format) {
    case 'json':
      return renderJsonChunks(review);
    case 'markdown':
      return [renderMarkdown(review)];
    case 'sarif':
      return [renderSarif(review, { rules: context.rules, sources: context.sources })];
    case 'text':
      return [renderText(review, { sources: context.sources, color: context.color, width: context.width, verbose: context.verbose })];
  }
}
