import { createHash } from 'node:crypto';
import type { Finding } from '../review-types/index.js';

/**
 * Fingerprints that let GitHub code scanning recognise an alert across pushes: a hash of the rule,
 * the path and the flagged line's text with whitespace normalised, so the alert survives lines
 * being inserted above it or the line being re-indented, and closes when the line itself changes.
 * GitHub reads the `primaryLocationLineHash` key, whose values take the form `hash:occurrence`;
 * the occurrence tells apart identical lines flagged by the same rule in the same file.
 */
export function fingerprintFindings(findings: readonly Finding[], sources: ReadonlyMap<string, string>): string[] {
  const linesByPath = new Map<string, string[]>();
  const occurrences = new Map<string, number>();
  return findings.map((finding) => {
    const hash = findingHash(finding, flaggedLineText(finding, sources, linesByPath));
    const occurrence = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}

function flaggedLineText(finding: Finding, sources: ReadonlyMap<string, string>, linesByPath: Map<string, string[]>): string {
  let lines = linesByPath.get(finding.path);
  if (lines === undefined) {
    const source = sources.get(finding.path);
    lines = source === undefined ? [] : source.split(/\r?\n/);
    linesByPath.set(finding.path, lines);
  }
  // Without the file's text the message is the next most stable description of the spot.
  return lines[finding.line - 1] ?? finding.message;
}

function findingHash(finding: Finding, lineText: string): string {
  const normalised = lineText.trim().replace(/\s+/g, ' ');
  return createHash('sha256').update(`${finding.ruleId}\0${finding.path}\0${normalised}`).digest('hex').slice(0, 32);
}
