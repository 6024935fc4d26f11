import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The peer test cases of ../shared/peers (their README describes the format): one `.sql` file per
 * case, in one folder per peer, with `-- key: value` headers, then either the migration itself or
 * a `-- base:` section (SQL of migrations already applied) and the `-- migration:` under review.
 */

export type ExpectedRisk = 'safe' | 'downtime' | 'destructive' | 'fails';

export interface PeerCase {
  peer: string;
  /** `<peer>/<file>`, for listing disagreements. */
  name: string;
  expectRisk: ExpectedRisk;
  expectFindings: string[];
  pgVersion?: number;
  base?: string;
  migration: string;
}

const RISKS: readonly ExpectedRisk[] = ['safe', 'downtime', 'destructive', 'fails'];

export function readPeerCases(folder: string): PeerCase[] {
  const cases: PeerCase[] = [];
  const peers = readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  for (const peer of peers.map((entry) => entry.name).sort()) {
    for (const file of readdirSync(join(folder, peer))
      .filter((name) => name.endsWith('.sql'))
      .sort()) {
      cases.push(parsePeerCase(peer, file, readFileSync(join(folder, peer, file), 'utf8')));
    }
  }
  return cases;
}

export function parsePeerCase(peer: string, file: string, text: string): PeerCase {
  const name = `${peer}/${file}`;
  const migrationAt = text.search(/^-- migration:\s*$/m);
  const baseAt = text.search(/^-- base:\s*$/m);
  if (baseAt >= 0 && migrationAt < baseAt) throw new Error(`${name}: a "-- base:" section without a "-- migration:" after it`);
  const headers = text.slice(0, baseAt >= 0 ? baseAt : migrationAt >= 0 ? migrationAt : text.length);
  const header = (key: string) => new RegExp(`^-- ${key}: *(.*)$`, 'm').exec(headers)?.[1]?.trim();
  const expectRisk = header('expect-risk') as ExpectedRisk | undefined;
  if (!expectRisk || !RISKS.includes(expectRisk)) throw new Error(`${name}: expect-risk missing or not one of ${RISKS.join('|')}`);
  const pgVersion = header('pg-version');
  return {
    peer,
    name,
    expectRisk,
    expectFindings: (header('expect-finding') ?? '').split('|').filter(Boolean),
    pgVersion: pgVersion ? Number(pgVersion) : undefined,
    base: baseAt >= 0 ? afterLine(text.slice(baseAt, migrationAt)) : undefined,
    // Without sections the whole file is the migration (its headers are SQL comments).
    migration: migrationAt >= 0 ? afterLine(text.slice(migrationAt)) : text,
  };
}

/** The text after a section's marker line. */
function afterLine(section: string): string {
  return section.slice(section.indexOf('\n') + 1);
}
