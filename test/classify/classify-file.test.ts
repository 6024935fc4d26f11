import { describe, expect, it } from '@jest/globals';
import { classifyFile, classifyPath } from '../../src/classify/classify-file.js';
import { detectTool, isReverseMigration, runsInImplicitTransaction } from '../../src/classify/migration-tool.js';
import { defaultConfig, parseConfig } from '../../src/config/load-config.js';

const config = defaultConfig();

describe('classifyPath', () => {
  it.each([
    ['prisma/migrations/20240101120000_init/migration.sql', 'prisma-migration'],
    ['db/migrations/000001_create_users.up.sql', 'sql-migration'],
    ['supabase/migrations/20240101_x.sql', 'sql-migration'],
    ['prisma/schema.prisma', 'prisma-schema'],
    ['.github/dbarch.yml', 'config'],
    ['src/index.ts', 'other'],
    ['node_modules/pkg/migrations/001.sql', 'other'],
  ])('%s → %s', (path, kind) => {
    expect(classifyPath(path, config)).toBe(kind);
  });

  it('replaces the default globs of a kind with the configured ones', () => {
    const custom = parseConfig("paths:\n  sql-migration: ['db/changes/**/*.sql']\n");
    expect(classifyPath('db/changes/001.sql', custom)).toBe('sql-migration');
    expect(classifyPath('queries/report.sql', custom)).toBe('other');
    expect(classifyPath('queries/report.sql', custom, { explicit: true })).toBe('sql-migration');
  });
});

describe('classifyFile', () => {
  it('tells Alembic revisions, SQLModel and SQLAlchemy models apart by content', () => {
    expect(classifyFile('alembic/versions/abc_add.py', 'revision = "abc"\ndown_revision = None\n', config)).toBe('alembic');
    expect(classifyFile('app/models.py', 'from sqlmodel import SQLModel, Field\n', config)).toBe('sqlmodel-model');
    expect(classifyFile('app/models/user.py', 'from sqlalchemy.orm import Mapped\n', config)).toBe('sqlalchemy-model');
    expect(classifyFile('app/models.py', 'import json\n', config)).toBe('other');
  });

  it.each([
    'tests/models/test_user.py',
    'app/test/models.py',
    'spec/models/user.py',
    'src/__tests__/models/user.py',
    'tests/fixtures/models.py',
  ])('does not take the test file %s for a model, named in a change or not', (path) => {
    const content = 'from sqlalchemy.orm import Mapped\nfrom app.models import User\n';
    expect(classifyFile(path, content, config)).toBe('other');
    expect(classifyFile(path, content, config, { explicit: true })).toBe('other');
    expect(classifyFile(path, 'from sqlmodel import SQLModel\n', config, { explicit: true })).toBe('other');
  });

  it('keeps model globs the config sets, even under a test folder, and Alembic revisions anywhere', () => {
    const custom = parseConfig('paths:\n  sqlalchemy-model: ["tests/models/**/*.py"]\n');
    expect(classifyFile('tests/models/user.py', 'from sqlalchemy.orm import Mapped\n', custom)).toBe('sqlalchemy-model');
    expect(classifyFile('tests/versions/abc.py', 'down_revision = None\n', config, { explicit: true })).toBe('alembic');
  });
});

describe('migration tools', () => {
  it.each([
    ['prisma/migrations/20240101_init/migration.sql', '', 'prisma'],
    ['db/V2_1__add_orders.sql', '', 'flyway'],
    ['migrations/000002_orders.up.sql', '', 'golang-migrate'],
    ['db/migrations/20240101_x.sql', '-- migrate:up\nSELECT 1;', 'dbmate'],
    ['sqitch/deploy/orders.sql', '', 'sqitch'],
    ['pkg/deploy/schemas/app/tables/jobs/table.sql', '', 'sqitch'],
    ['supabase/migrations/20240101_x.sql', '', 'supabase'],
    ['migrations/001.sql', '', 'plain'],
  ])('%s is %s', (path, content, tool) => {
    expect(detectTool(path, content)).toBe(tool);
  });

  it('knows which tools wrap a file in a transaction', () => {
    const statements = (count: number, text = 'ALTER TABLE t ADD COLUMN c int') => Array.from({ length: count }, () => ({ text }));
    expect(runsInImplicitTransaction('flyway', '', statements(3))).toBe(true);
    expect(runsInImplicitTransaction('flyway', '', statements(1, 'CREATE INDEX CONCURRENTLY i ON t (c)'))).toBe(false);
    expect(runsInImplicitTransaction('golang-migrate', '', statements(1))).toBe(false);
    // One query string with several statements is one implicit transaction block.
    expect(runsInImplicitTransaction('golang-migrate', '', statements(3))).toBe(true);
    expect(runsInImplicitTransaction('plain', '', statements(3))).toBe(false);
    expect(runsInImplicitTransaction('prisma', '', statements(1))).toBe(false);
    expect(runsInImplicitTransaction('prisma', '', statements(2))).toBe(true);
    expect(runsInImplicitTransaction('dbmate', '-- migrate:up transaction:false\n', statements(1))).toBe(false);
    expect(runsInImplicitTransaction('dbmate', '-- migrate:up\n', statements(1))).toBe(true);
  });

  it('recognises reverse migrations', () => {
    expect(isReverseMigration('migrations/000002_orders.down.sql')).toBe(true);
    expect(isReverseMigration('sqitch/revert/orders.sql')).toBe(true);
    // pgpm nests change names in folders below revert/ and verify/.
    expect(isReverseMigration('pkg/revert/schemas/app/tables/jobs/table.sql')).toBe(true);
    expect(isReverseMigration('pkg/verify/schemas/app/schema.sql')).toBe(true);
    expect(isReverseMigration('pkg/deploy/schemas/app/schema.sql')).toBe(false);
    expect(isReverseMigration('migrations/000002_orders.up.sql')).toBe(false);
  });
});
