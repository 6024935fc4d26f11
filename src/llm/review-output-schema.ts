import { z } from 'zod';
import { LLM_CATEGORIES, type ModelFinding } from './review-model.js';

/**
 * The output contract of prompts/architect.md, checked with zod. Strict where a mistake would put
 * advice in the wrong place (path, lines, severity), lenient where it costs nothing to repair (an
 * unknown category becomes "other", a missing endLine is the line itself).
 */
const findingSchema = z
  .object({
    path: z.string().min(1),
    line: z.number().int().min(1),
    endLine: z.number().int().min(1).optional(),
    severity: z.enum(['notice', 'warning', 'error']),
    category: z.enum(LLM_CATEGORIES).catch('other'),
    message: z.string().min(1),
    suggestion: z.string().optional().nullable(),
  })
  .transform((finding): ModelFinding => ({
    path: finding.path,
    line: finding.line,
    endLine: Math.max(finding.endLine ?? finding.line, finding.line),
    severity: finding.severity,
    category: finding.category,
    message: finding.message,
    ...(finding.suggestion ? { suggestion: finding.suggestion } : {}),
  }));

export const reviewOutputSchema = z.object({
  findings: z.array(findingSchema),
  summary: z.string(),
});

export type ReviewOutput = z.infer<typeof reviewOutputSchema>;

/** The prompt asks for at most 10; more is tolerated but cut, so one chatty reply costs no retry. */
const MAX_FINDINGS = 20;

export type ParsedOutput = { ok: true; output: ReviewOutput } | { ok: false; error: string };

/** Parses the model's reply; on failure, an error text short enough to send back for a retry. */
export function parseReviewOutput(text: string): ParsedOutput {
  let data: unknown;
  try {
    data = JSON.parse(stripCodeFence(text));
  } catch (error) {
    return { ok: false, error: `not valid JSON (${(error as Error).message})` };
  }
  const result = reviewOutputSchema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return { ok: false, error: `does not match the output contract: ${issues.join('; ')}` };
  }
  return { ok: true, output: { ...result.data, findings: result.data.findings.slice(0, MAX_FINDINGS) } };
}

/** Some OpenAI-compatible servers wrap JSON in a ```json fence even in JSON mode. */
function stripCodeFence(text: string): string {
  const match = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  return match ? match[1]! : text;
}
