import { appendFile } from 'node:fs/promises';
import type { Finding } from '../review-types/index.js';
import type { TextSink } from '../cli/cli-io.js';

/**
 * GitHub Actions' own channel for results when the token cannot write checks (a pull request from
 * a fork gets a read-only token): workflow commands on stdout become annotations on the diff, and
 * markdown appended to $GITHUB_STEP_SUMMARY becomes the job's summary page.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */

const LEVEL: Record<Finding['severity'], 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', notice: 'notice' };

/** The runner shows at most 10 error and 10 warning annotations per step; the rest are still logged. */
export function annotationCommand(finding: Finding): string {
  const properties = [
    `file=${escapeProperty(finding.path)}`,
    `line=${finding.line}`,
    `endLine=${Math.max(finding.endLine, finding.line)}`,
    ...(finding.endLine === finding.line && finding.column !== undefined ? [`col=${finding.column}`] : []),
    ...(finding.endLine === finding.line && finding.endColumn !== undefined ? [`endColumn=${finding.endColumn}`] : []),
    `title=${escapeProperty(`dbarch ${finding.ruleId} (${finding.risk})`)}`,
  ];
  const message = [finding.message, finding.fix?.description ?? finding.help].filter(Boolean).join('\n\n');
  return `::${LEVEL[finding.severity]} ${properties.join(',')}::${escapeData(message)}\n`;
}

export function workflowCommand(command: 'warning' | 'error' | 'notice', message: string): string {
  return `::${command}::${escapeData(message)}\n`;
}

export function writeAnnotations(findings: readonly Finding[], out: TextSink): void {
  for (const finding of findings) out.write(annotationCommand(finding));
}

export async function appendStepSummary(path: string | undefined, markdown: string): Promise<void> {
  if (path) await appendFile(path, `${markdown.trimEnd()}\n`);
}

// The escaping @actions/core uses: the runner decodes these, and a newline or "::" in a message
// cannot start a command of its own.
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
