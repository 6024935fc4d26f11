import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createEmbeddedDryRunner } from '../../src/dry-run/embedded-dry-run.js';
import { NOT_ON_SERVER, serverRefusal } from '../../src/dry-run/server/server-guard.js';
import { loadSqlParser } from '../../src/parse/sql/parse-sql.js';
import { changedFile, SHOP_BASE } from './dry-run-fixtures.js';

/**
 * PR SQL never reaches the host. The real server's guard is checked here statement by statement
 * (its run against a server is in real-server.test.ts, which owns the scratch-database checks);
 * the embedded PGlite has no host to reach.
 */

beforeAll(async () => {
  await loadSqlParser();
});

describe('the real-server guard', () => {
  const confined = { privileged: false };
  const privileged = { privileged: true };

  it.each([
    "COPY (SELECT 1) TO PROGRAM 'touch /tmp/x'",
    "COPY orders FROM '/etc/passwd'",
    "COPY orders TO '/tmp/orders.csv'",
    "SELECT pg_read_file('/etc/passwd')",
    "SELECT pg_catalog.pg_read_binary_file('/etc/passwd')",
    "SELECT * FROM pg_ls_dir('.')",
    "SELECT pg_stat_file('postgresql.conf')",
    "SELECT lo_import('/etc/passwd')",
    "SELECT lo_export(1, '/tmp/x')",
    "ALTER SYSTEM SET shared_buffers = '1GB'",
    'CREATE EXTENSION plpython3u',
    'CREATE EXTENSION IF NOT EXISTS dblink',
    'CREATE EXTENSION postgres_fdw',
    "CREATE FUNCTION f() RETURNS int LANGUAGE c AS 'libc', 'system'",
    "CREATE OR REPLACE PROCEDURE p() LANGUAGE plperlu AS $$ system('id') $$",
    'CREATE LANGUAGE plperlu',
    "DO $$ BEGIN COPY (SELECT 1) TO PROGRAM 'id'; END $$",
    "CREATE FUNCTION g() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_read_file('/etc/passwd'); END $$",
    'SET ROLE postgres',
    'SET SESSION AUTHORIZATION postgres',
    'RESET ROLE',
    'RESET SESSION AUTHORIZATION',
    'DISCARD ALL',
    "SELECT set_config('role', 'postgres', false)",
    "SELECT set_config(current_setting('x'), 'postgres', false)",
    "CREATE FUNCTION h() RETURNS int LANGUAGE sql SET role = 'postgres' AS 'SELECT 1'",
    "SELECT dblink_exec('host=example.com', 'SELECT 1')",
    "CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'example.com')",
    'CREATE USER MAPPING FOR CURRENT_USER SERVER remote',
    "CREATE TABLESPACE t LOCATION '/tmp'",
    "LOAD 'plpgsql'",
    "SELECT query_to_xml('COPY (SELECT 1) TO PROGRAM ''id''', true, true, '')",
  ])('refuses %s', (sql) => {
    expect(serverRefusal(sql, confined)).toMatch(new RegExp(`^${NOT_ON_SERVER}`));
  });

  it.each([
    'CREATE EXTENSION IF NOT EXISTS pgcrypto',
    'CREATE EXTENSION "uuid-ossp"',
    'CREATE EXTENSION citext WITH SCHEMA public',
    'ALTER TABLE orders ADD COLUMN language text',
    "SELECT set_config('search_path', 'public', false)",
    'SET lock_timeout = 1000',
    'COPY orders FROM STDIN',
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    "CREATE FUNCTION t() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.language := 'en'; RETURN NEW; END $$",
    'CREATE TRIGGER t BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION t()',
  ])('lets %s run', (sql) => {
    expect(serverRefusal(sql, confined)).toBeUndefined();
  });

  it('refuses dynamic EXECUTE only while the connection could become a superuser again', () => {
    const dynamic = "DO $$ BEGIN EXECUTE format('%s (SELECT 1) TO %s %L', 'COPY', 'PRO' || 'GRAM', 'id'); END $$";
    expect(serverRefusal(dynamic, privileged)).toMatch(/dynamic EXECUTE/);
    expect(serverRefusal(dynamic, confined)).toBeUndefined();
  });
});

describe('the embedded dry run and the host', () => {
  it('does not let COPY … TO PROGRAM touch the host', async () => {
    const marker = `/tmp/dbarch-pwned-${randomBytes(6).toString('hex')}`;
    const result = await createEmbeddedDryRunner({}).run({
      base: SHOP_BASE,
      changes: [changedFile('db/002_pwn.sql', [`COPY (SELECT 1) TO PROGRAM 'touch ${marker}'`])],
    });
    expect(result.base.built).toBe(true);
    expect(result.files[0]!.statements[0]!.status).not.toBe('ok');
    expect(existsSync(marker)).toBe(false);
  });
});
