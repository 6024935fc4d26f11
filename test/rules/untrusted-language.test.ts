import { describe, expect, it } from '@jest/globals';
import rule from '../../src/rules/untrusted-language.js';
import { lintSql } from '../helpers/lint-sql.js';

const lint = (sql: string) => lintSql(sql, { rules: [rule] });

describe('untrusted-language', () => {
  it.each([
    ['CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE plperlu AS $$ 1 $$;', 'This function is written in plperlu'],
    ['DO LANGUAGE pltclu $$ exec ls $$;', 'This DO block runs in pltclu'],
    ['CREATE LANGUAGE plpython3u;', 'This installs the language plpython3u'],
    ["CREATE FUNCTION f(int) RETURNS int AS 'mylib', 'f' LANGUAGE C;", 'This function is written in c'],
  ])('reports %s', async (sql, start) => {
    const [finding] = await lint(sql);
    expect(finding!.message.startsWith(start)).toBe(true);
  });

  it('leaves trusted languages alone', async () => {
    expect(await lint('CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;\nCREATE EXTENSION plperl;')).toEqual(
      [],
    );
  });

  it('reports a function or extension in an untrusted language that a DO block creates', async () => {
    const findings = await lint(
      "DO $$ BEGIN CREATE EXTENSION plpython3u; CREATE FUNCTION f() RETURNS int LANGUAGE plperlu AS 'return 1'; END $$;",
    );
    expect(findings.map((finding) => finding.message.replace(/, an untrusted.*/s, ''))).toEqual([
      'Inside this DO block: This installs the language plpython3u',
      'Inside this DO block: This function is written in plperlu',
    ]);
  });

  it('reads a DO block that creates an untrusted extension however the words are spaced, and no body that only mentions extensions', async () => {
    const hidden = await lint('DO $$ BEGIN\n  create /* quiet */ extension if not exists plperlu; -- the extension\nEND $$;');
    expect(hidden.map((finding) => finding.message.replace(/, an untrusted.*/s, ''))).toEqual([
      'Inside this DO block: This installs the language plperlu',
    ]);
    const messages = await lint("DO $$ BEGIN RAISE NOTICE 'extension plperlu is not installed'; END $$;");
    expect(messages).toEqual([]);
  });
});
