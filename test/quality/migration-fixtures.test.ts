import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { maxRisk } from '../../src/review-types/index.js';
import { lintSql } from '../helpers/lint-sql.js';

/**
 * The quietness bar and the catch bar, on realistic migrations. Every table the fixtures touch
 * without creating it is treated as existing (as in a real repository). Safe migrations must get no
 * warning or error (notices are allowed: they are advice); each risky migration must get the rules
 * and risk its header names (`-- expect: rule-a, rule-b`, `-- expect-risk: downtime`, `-- pg: 10`).
 */
const root = 'test/fixtures/migrations';
const files = (folder: string) =>
  readdirSync(join(root, folder))
    .filter((name) => name.endsWith('.sql'))
    .sort();
const header = (sql: string, key: string) => new RegExp(`^-- ${key}: (.+)$`, 'm').exec(sql)?.[1]?.trim();

describe('safe migrations get no warnings or errors', () => {
  it.each(files('safe'))('%s', async (name) => {
    const findings = await lintSql(readFileSync(join(root, 'safe', name), 'utf8'), { path: `migrations/${name}` });
    const loud = findings.filter((finding) => finding.severity !== 'notice');
    expect(loud.map((finding) => `${finding.ruleId}: ${finding.message}`)).toEqual([]);
    expect(maxRisk(findings.map((finding) => finding.risk))).toBe('safe');
  });
});

describe('risky migrations are caught with the right rule and risk', () => {
  it.each(files('risky'))('%s', async (name) => {
    const sql = readFileSync(join(root, 'risky', name), 'utf8');
    const pgVersion = header(sql, 'pg') ? Number(header(sql, 'pg')) : undefined;
    const findings = await lintSql(sql, { path: `migrations/${name}`, pgVersion });
    const expected = (header(sql, 'expect') ?? '').split(/\s*,\s*/).filter(Boolean);
    expect(findings.map((finding) => finding.ruleId)).toEqual(expect.arrayContaining(expected));
    const risk = header(sql, 'expect-risk');
    if (risk) expect(maxRisk(findings.map((finding) => finding.risk))).toBe(risk);
  });
});
