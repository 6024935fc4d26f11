import { describe, expect, it } from '@jest/globals';
import { lintSql } from '../helpers/lint-sql.js';

const ids = async (sql: string) => (await lintSql(sql)).map((finding) => `${finding.ruleId}@${finding.line}`);

describe('suppression comments', () => {
  it('silences the named rule on the next statement only', async () => {
    const sql = [
      '-- dbarch-ignore create-index-non-concurrently: a holds 40 rows',
      'CREATE INDEX a_idx ON a (x);',
      'CREATE INDEX b_idx ON b (x);',
    ].join('\n');
    expect(await ids(sql)).toEqual(expect.arrayContaining(['create-index-non-concurrently@3']));
    expect(await ids(sql)).not.toContain('create-index-non-concurrently@2');
  });

  it('silences a rule in the whole file with dbarch-ignore-file', async () => {
    const sql =
      '-- dbarch-ignore-file create-index-non-concurrently: small lookup tables\nCREATE INDEX a_idx ON a (x);\nCREATE INDEX b_idx ON b (x);';
    expect((await ids(sql)).filter((id) => id.startsWith('create-index'))).toEqual([]);
  });

  it('reports a suppression without a reason, and still applies it', async () => {
    const findings = await lintSql('-- dbarch-ignore create-index-non-concurrently\nCREATE INDEX a_idx ON a (x);');
    expect(findings.map((finding) => finding.ruleId)).toContain('suppression-without-reason');
    expect(findings.map((finding) => finding.ruleId)).not.toContain('create-index-non-concurrently');
  });

  it('reports a suppression that silences nothing, naming the rule', async () => {
    const findings = await lintSql('-- dbarch-ignore drop-colum: typo\nCREATE INDEX CONCURRENTLY a_idx ON a (x);');
    const unused = findings.find((finding) => finding.ruleId === 'unused-suppression');
    expect(unused).toMatchObject({ line: 1, column: 1, severity: 'warning', risk: 'safe' });
    expect(unused!.message).toContain('"drop-colum"');
  });

  it('does not count suppressed findings towards the risk', async () => {
    const findings = await lintSql('-- dbarch-ignore create-index-non-concurrently: tiny table\nCREATE INDEX a_idx ON a (x);');
    expect(findings.filter((finding) => finding.risk !== 'safe')).toEqual([]);
  });
});

describe('overlapping rules', () => {
  it('reports a backfill after an ACCESS EXCLUSIVE lock once, as a backfill', async () => {
    const sql = "BEGIN;\nALTER TABLE orders ADD COLUMN code smallint;\nUPDATE orders SET code = 1 WHERE status = 'paid';\nCOMMIT;";
    const ids = (await lintSql(sql)).filter((finding) => finding.line === 3).map((finding) => finding.ruleId);
    expect(ids).toContain('backfill-in-migration');
    expect(ids).not.toContain('work-after-access-exclusive');
  });

  it('still reports work after an ACCESS EXCLUSIVE lock that no other rule covers', async () => {
    const sql = 'BEGIN;\nALTER TABLE orders ADD COLUMN code smallint;\nCREATE INDEX orders_code_idx ON orders (code);\nCOMMIT;';
    const ids = (await lintSql(sql)).filter((finding) => finding.line === 3).map((finding) => finding.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['create-index-non-concurrently', 'work-after-access-exclusive']));
  });
});
