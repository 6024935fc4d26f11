import type { Log, Notification, Region, ReportingDescriptor, Result } from 'sarif';
import type { Finding, Review, Severity } from '../review-types/index.js';
import { fingerprintFindings } from './sarif-fingerprint.js';
import { toolInfo } from './tool-info.js';

/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`).
 * Paths are relative to the repository root (`%SRCROOT%`), columns are UTF-16 code units and end
 * columns exclusive, which is how Finding counts them already.
 */
export interface RuleMetadata {
  id: string;
  /** One line: what the rule finds (SARIF shortDescription). */
  summary: string;
  /** The safe alternative (SARIF fullDescription and help). */
  help: string;
  severity: Severity;
  docsUrl?: string;
  /** Rule family (safety, design, hygiene, correctness); becomes a tag. */
  category?: string;
}

export interface SarifRenderOptions {
  /** Metadata of the rules that may appear; results of other rule ids get a minimal entry. */
  rules: readonly RuleMetadata[];
  /** Head contents by path: the fingerprints hash the flagged line's text. */
  sources: ReadonlyMap<string, string>;
}

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SOURCE_ROOT = '%SRCROOT%';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };

export function renderSarif(review: Review, options: SarifRenderOptions): string {
  return `${JSON.stringify(sarifLog(review, options), null, 2)}\n`;
}

export function sarifLog(review: Review, options: SarifRenderOptions): Log {
  const rules = ruleDescriptors(options.rules, review.findings);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const fingerprints = fingerprintFindings(review.findings, options.sources);
  const tool = toolInfo();
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dbarch',
            informationUri: tool.informationUri,
            version: tool.version,
            semanticVersion: tool.version,
            rules,
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: skippedNotifications(review) }],
        columnKind: 'utf16CodeUnits',
        results: review.findings.map((finding, index) => sarifResult(finding, ruleIndex.get(finding.ruleId)!, fingerprints[index]!)),
      },
    ],
  };
}

/** The given rules, then one entry for each rule id that only the findings know (LLM, dry run). */
function ruleDescriptors(rules: readonly RuleMetadata[], findings: readonly Finding[]): ReportingDescriptor[] {
  const known = new Map(rules.map((rule) => [rule.id, rule]));
  for (const finding of findings) {
    if (!known.has(finding.ruleId)) known.set(finding.ruleId, ruleFromFinding(finding));
  }
  return [...known.values()].map(ruleDescriptor);
}

function ruleFromFinding(finding: Finding): RuleMetadata {
  return {
    id: finding.ruleId,
    summary: finding.source === 'llm' ? 'Advice from the LLM architect review' : finding.message,
    help: finding.help ?? finding.message,
    severity: finding.severity,
    docsUrl: finding.docsUrl,
    category: finding.source,
  };
}

function ruleDescriptor(rule: RuleMetadata): ReportingDescriptor {
  const descriptor: ReportingDescriptor = {
    id: rule.id,
    name: rule.id.replace(/(^|[-_/.])([a-z0-9])/g, (_match, _separator, letter: string) => letter.toUpperCase()),
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.help },
    help: { text: rule.help },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ['postgresql', 'migrations', ...(rule.category ? [rule.category] : [])] },
  };
  if (rule.docsUrl) descriptor.helpUri = rule.docsUrl;
  return descriptor;
}

function sarifResult(finding: Finding, ruleIndex: number, fingerprint: string): Result {
  const artifactLocation = { uri: artifactUri(finding.path), uriBaseId: SOURCE_ROOT };
  const region = sarifRegion(finding);
  const result: Result = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation, region } }],
    partialFingerprints: { primaryLocationLineHash: fingerprint },
    properties: { risk: finding.risk, source: finding.source, severity: finding.severity },
  };
  if (finding.fix?.replacement !== undefined) {
    result.fixes = [
      {
        description: { text: finding.fix.description },
        artifactChanges: [
          { artifactLocation, replacements: [{ deletedRegion: region, insertedContent: { text: finding.fix.replacement } }] },
        ],
      },
    ];
  }
  return result;
}

function sarifRegion(finding: Finding): Region {
  const endLine = Math.max(finding.line, finding.endLine);
  const region: Region = { startLine: finding.line, endLine };
  if (finding.column !== undefined) {
    region.startColumn = finding.column;
    if (finding.endColumn !== undefined) {
      // SARIF end columns are exclusive; an empty range on one line would be invalid for viewers.
      const minimumEnd = endLine === finding.line ? finding.column + 1 : 1;
      region.endColumn = Math.max(finding.endColumn, minimumEnd);
    }
  }
  return region;
}

/** A relative URI reference: each path segment percent-encoded (spaces, `#`, `%` in file names). */
function artifactUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function skippedNotifications(review: Review): Notification[] {
  const skipped: Notification[] = Object.entries(review.stats.skipped).map(([part, reason]) => ({
    level: 'note',
    message: { text: `${part} did not run: ${reason}` },
  }));
  // The dry run's notes: statements it did not run (the server guard's skips), stand-ins, sample rows taken out.
  const dryRun: Notification[] = (review.dryRun?.notes ?? []).map((note) => ({ level: 'note', message: { text: `dry run: ${note}` } }));
  return [...skipped, ...dryRun];
}
