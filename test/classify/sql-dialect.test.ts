import { describe, expect, it } from '@jest/globals';
import { foreignSyntax } from '../../src/classify/dialect-syntax.js';
import { pathDialect, sqlDialectOf } from '../../src/classify/sql-dialect.js';
import { defaultConfig, parseConfig } from '../../src/config/load-config.js';

describe('foreignSyntax', () => {
  it.each([
    ['mysql', 'backtick-quoted identifier', 'CREATE TABLE `users` (id int);'],
    ['mysql', 'AUTO_INCREMENT', 'CREATE TABLE users (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY);'],
    ['mysql', 'UNSIGNED', 'ALTER TABLE users ADD COLUMN age INT UNSIGNED;'],
    ['mysql', 'table option ENGINE InnoDB', 'CREATE TABLE users (id int) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;'],
    ['mysql', 'ON UPDATE CURRENT_TIMESTAMP', 'ALTER TABLE t ADD COLUMN u timestamp DEFAULT now() ON UPDATE CURRENT_TIMESTAMP;'],
    ['mysql', 'column position ADD COLUMN … AFTER', 'ALTER TABLE "website_event" ADD COLUMN "job_id" UUID AFTER "created_at";'],
    ['mysql', 'DELIMITER command', 'DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$'],
    ['sqlite', 'PRAGMA statement', 'PRAGMA foreign_keys=OFF;\nCREATE TABLE "new_User" ("id" TEXT NOT NULL PRIMARY KEY);'],
    ['sqlite', 'AUTOINCREMENT', 'CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT);'],
    ['sqlite', 'WITHOUT ROWID', 'CREATE TABLE kv (k text PRIMARY KEY, v text) WITHOUT ROWID;'],
    ['sqlite', 'INSERT OR …', "INSERT OR IGNORE INTO settings (k, v) VALUES ('a', 'b');"],
    [
      'sqlite',
      'a trigger body in BEGIN … END',
      'CREATE TRIGGER touch AFTER UPDATE ON notes FOR EACH ROW BEGIN\n  UPDATE notes SET updated = 1 WHERE id = NEW.id;\nEND;',
    ],
    ['clickhouse', 'ON CLUSTER', 'DROP TABLE events ON CLUSTER default;'],
    ['clickhouse', 'table option ENGINE MergeTree', 'CREATE TABLE events (id UUID) ENGINE = MergeTree() ORDER BY id;'],
    ['clickhouse', 'type Nullable(…)', 'ALTER TABLE events ADD COLUMN note Nullable(String);'],
    ['clickhouse', 'type UInt64', 'ALTER TABLE events ADD COLUMN n UInt64;'],
    ['sqlserver', 'IDENTITY(seed, increment)', 'CREATE TABLE t (id INT IDENTITY(1,1) PRIMARY KEY);'],
    ['sqlserver', 'GO batch separator', 'CREATE TABLE t (id int)\nGO\nCREATE TABLE u (id int)\nGO\n'],
    ['sqlserver', 'NVARCHAR(MAX)', 'CREATE TABLE t (body NVARCHAR(MAX));'],
    ['oracle', 'VARCHAR2', 'CREATE TABLE t (name VARCHAR2(40));'],
  ])('recognises %s by %s', (dialect, evidence, sql) => {
    expect(foreignSyntax(sql)).toMatchObject({ dialect, evidence: expect.stringContaining(evidence) });
  });

  it('gives the line of the signal', () => {
    expect(foreignSyntax('-- users\nCREATE TABLE users (\n  id int,\n  name `x`\n);')?.line).toBe(4);
  });

  it.each([
    ['a backtick in a string', "INSERT INTO docs (body) VALUES ('use `code` here');"],
    ['a backtick in a line comment', '-- renamed from `users`\nALTER TABLE users RENAME TO accounts;'],
    ['a backtick in a block comment', '/* MySQL wrote `users` /* nested */ here */ CREATE TABLE users (id bigint);'],
    ['MySQL syntax in a function body', 'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 /* AUTO_INCREMENT */ $$ LANGUAGE sql;'],
    ['MySQL syntax in a tagged dollar quote', "DO $body$ BEGIN RAISE NOTICE 'ENGINE=InnoDB `x`'; END $body$;"],
    ['a quoted identifier named like a keyword', 'ALTER TABLE t ADD COLUMN "unsigned" boolean;'],
    ['a column named engine', "UPDATE cars SET engine = 'v8';"],
    ['engine in a view query', "CREATE VIEW v8 AS SELECT * FROM cars WHERE engine = 'v8';"],
    ['engine in a column list', 'CREATE TABLE cars (engine text, go int);'],
    ['a table named cluster', 'CREATE INDEX cluster_idx ON cluster (id);'],
    ['a PostgreSQL trigger', 'CREATE TRIGGER t BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch();'],
    ['PostgreSQL identity', 'CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 1));'],
    ['BEGIN ATOMIC', 'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;'],
    ['a column named after', 'ALTER TABLE t ADD COLUMN after text, ADD COLUMN before text;'],
    ['a rename to after', 'ALTER TABLE t RENAME COLUMN a TO after;'],
    ['a plain transaction', 'BEGIN;\nCREATE TABLE t (id int8);\nCOMMIT;'],
  ])('ignores %s', (_label, sql) => {
    expect(foreignSyntax(sql)).toBeUndefined();
  });
});

describe('sqlDialectOf', () => {
  const config = defaultConfig();

  it.each([
    ['db/mysql/001_init.sql', 'mysql', 'path segment mysql/'],
    ['migrations-sqlite/001_init.sql', 'sqlite', 'path segment migrations-sqlite/'],
    ['packages/shared/clickhouse/migrations/0001_init.up.sql', 'clickhouse', 'path segment clickhouse/'],
    ['db/schema.mysql.sql', 'mysql', 'file name part .mysql.'],
    ['sql/tsql/setup.sql', 'sqlserver', 'path segment tsql/'],
    ['db/postgres/001_init.sql', 'postgresql', 'path segment postgres/'],
    ['migrations/sql/20251105000000000003_identity_fks.cockroach.up.sql', 'cockroachdb', 'file name part .cockroach.'],
    ['migrations/sql/20251105000000000003_identity_fks.postgres.up.sql', 'postgresql', 'file name part .postgres.'],
  ])('reads %s as %s', (path, dialect, evidence) => {
    expect(pathDialect(path)).toEqual({ dialect, evidence });
  });

  it('does not read a dialect into a file name with underscores (a migration about a MySQL import)', () => {
    expect(pathDialect('db/migrations/001_add_mysql_import.sql')).toBeUndefined();
  });

  it('takes a PostgreSQL path segment over syntax, and the config over both', () => {
    expect(sqlDialectOf('db/postgres/001.sql', 'CREATE TABLE `x` (id int);', config).dialect).toBe('postgresql');
    const forced = parseConfig('migrations:\n  dialects:\n    "db/mysql/**": postgresql\n    "legacy/**": oracle\n');
    expect(sqlDialectOf('db/mysql/001.sql', 'SELECT 1;', forced)).toEqual({
      dialect: 'postgresql',
      evidence: 'config migrations.dialects "db/mysql/**"',
    });
    expect(sqlDialectOf('legacy/a.sql', 'SELECT 1;', forced).dialect).toBe('oracle');
    const everything = parseConfig('migrations:\n  dialect: postgresql\n');
    expect(sqlDialectOf('db/mysql/001.sql', 'CREATE TABLE `x` (id int);', everything).dialect).toBe('postgresql');
  });

  it('reads the Prisma provider before the syntax', () => {
    const verdict = sqlDialectOf('prisma/migrations/1_init/migration.sql', 'CREATE TABLE "User" (id text);', config, {
      provider: 'sqlite',
      from: 'prisma/migrations/migration_lock.toml',
    });
    expect(verdict).toEqual({ dialect: 'sqlite', evidence: 'Prisma provider "sqlite" in prisma/migrations/migration_lock.toml' });
  });
});
