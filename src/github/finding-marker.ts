import type { Finding } from '../review-types/index.js';
import { fingerprintFindings } from '../render/sarif-fingerprint.js';

/**
 * Every inline comment carries a hidden fingerprint of its finding (rule, path, flagged line text),
 * so the next push recognises what is already posted even when lines moved, and can resolve the
 * threads of findings that disappeared.
 */
const MARKER = /<!-- dbarch:finding ([0-9a-f]{32}:\d+) -->/;

export interface FingerprintedFinding {
  finding: Finding;
  fingerprint: string;
}

export function fingerprint(findings: readonly Finding[], sources: ReadonlyMap<string, string>): FingerprintedFinding[] {
  const fingerprints = fingerprintFindings(findings, sources);
  return findings.map((finding, index) => ({ finding, fingerprint: fingerprints[index]! }));
}

export function findingMarker(fingerprint: string): string {
  return `<!-- dbarch:finding ${fingerprint} -->`;
}

export function readFindingMarker(body: string | null | undefined): string | undefined {
  return body ? MARKER.exec(body)?.[1] : undefined;
}
