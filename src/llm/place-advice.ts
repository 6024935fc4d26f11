import type { Finding, Severity } from '../review-types/index.js';
import type { ModelFinding } from './review-model.js';
import { MAX_MESSAGE_LENGTH, MAX_SUGGESTION_LENGTH, sanitiseText } from './sanitize-output.js';

/**
 * Turns the model's findings into dbarch findings, with the limits that make them advice:
 * severity at most `warning`, risk always `safe` (so neither the verdict nor the check can move),
 * text sanitised. Advice that points at a line the change did not touch (or a file the model was
 * not shown) cannot be an inline review comment: it goes to the summary's "elsewhere" list.
 */
export interface PlacedAdvice {
  findings: Finding[];
  elsewhere: string[];
}

export interface PlaceOptions {
  /** Changed head lines per path that the model was shown. */
  changed: ReadonlyMap<string, ReadonlySet<number>>;
  /** false keeps advice outside the changed lines as findings too (e.g. for a local CLI run). */
  moveOutsideToSummary?: boolean;
}

const MAX_SEVERITY: Severity = 'warning';

export function placeAdvice(findings: readonly ModelFinding[], options: PlaceOptions): PlacedAdvice {
  const placed: PlacedAdvice = { findings: [], elsewhere: [] };
  const seen = new Set<string>();
  for (const advice of findings) {
    const finding = toFinding(advice);
    const key = `${finding.path}\0${finding.line}\0${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const onChangedLine = touchesChangedLine(advice, options.changed.get(advice.path));
    if (onChangedLine || (options.moveOutsideToSummary === false && options.changed.has(advice.path))) placed.findings.push(finding);
    else placed.elsewhere.push(`${sanitiseText(advice.path, 200)}:${advice.line}: ${finding.message}`);
  }
  return placed;
}

function touchesChangedLine(finding: Pick<Finding, 'line' | 'endLine'>, changed: ReadonlySet<number> | undefined): boolean {
  if (!changed) return false;
  for (let line = finding.line; line <= finding.endLine; line += 1) if (changed.has(line)) return true;
  return false;
}

function toFinding(advice: ModelFinding): Finding {
  const suggestion = advice.suggestion ? sanitiseText(advice.suggestion, MAX_SUGGESTION_LENGTH) : undefined;
  return {
    ruleId: `llm-${advice.category}`,
    source: 'llm',
    severity: advice.severity === 'notice' ? 'notice' : MAX_SEVERITY,
    risk: 'safe',
    path: advice.path,
    line: advice.line,
    endLine: advice.endLine,
    message: sanitiseText(advice.message, MAX_MESSAGE_LENGTH),
    ...(suggestion ? { help: suggestion } : {}),
  };
}
