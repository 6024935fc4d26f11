import { describe, expect, it } from '@jest/globals';
import {
  detectTool,
  forwardPart,
  isReverseMigration,
  reverseMigrationReason,
  runsInImplicitTransaction,
} from '../../src/classify/migration-tool.js';
import { orderMigrations } from '../../src/classify/order-migrations.js';

/** Rollback scripts of every layout dbarch knows, and Diesel's folder-per-migration layout. */

describe('rollback scripts', () => {
  it.each([
    ['migrations/2024-01-10-120000_create_users/down.sql', /^rollback script \(down\.sql beside up\.sql\)/],
    ['migrations/20240110120000_create_users.down.sql', /^rollback script \(\*\.down\.sql\)/],
    ['sqitch/revert/users.sql', /^sqitch revert script/],
    ['sqitch/verify/users.sql', /^sqitch verify script/],
    ['src/main/resources/db/migration/U2__add_email.sql', /^Flyway undo script/],
  ])('%s is a rollback script', (path, reason) => {
    expect(isReverseMigration(path)).toBe(true);
    expect(reverseMigrationReason(path)).toMatch(reason);
  });

  it('a dbmate file with only a down section is one; with an up section it is a forward migration', () => {
    expect(reverseMigrationReason('db/migrations/20240101_x.sql', '-- migrate:down\nDROP TABLE x;\n')).toMatch(/^dbmate down section/);
    expect(isReverseMigration('db/migrations/20240101_x.sql', '-- migrate:up\nCREATE TABLE x ();\n-- migrate:down\nDROP TABLE x;\n')).toBe(
      false,
    );
  });

  it.each([
    'migrations/2024-01-10-120000_create_users/up.sql',
    'migrations/000001_users.up.sql',
    'sqitch/deploy/users.sql',
    'db/migration/V2__add_email.sql',
    'db/downloads.sql',
    'db/migrations/001_slowdown.sql',
  ])('%s is a forward migration', (path) => {
    expect(isReverseMigration(path)).toBe(false);
  });

  it("blanks dbmate's down section whatever tool the config names, keeping the lines", () => {
    const content = '-- migrate:up\nCREATE TABLE x ();\n-- migrate:down\nDROP TABLE x;\n';
    const forward = forwardPart('plain', content);
    expect(forward).not.toContain('DROP TABLE');
    expect(forward.split('\n')).toHaveLength(content.split('\n').length);
    expect(forwardPart('plain', 'DROP TABLE x;\n')).toBe('DROP TABLE x;\n');
  });
});

describe('Diesel', () => {
  it('is recognised by migrations/<version>_<name>/up.sql and down.sql', () => {
    expect(detectTool('migrations/2024-01-10-120000_create_users/up.sql')).toBe('diesel');
    expect(detectTool('backend/migrations/00000000000000_diesel_initial_setup/down.sql')).toBe('diesel');
    expect(detectTool('prisma/migrations/20240101_init/migration.sql')).toBe('prisma');
  });

  it('runs each migration in a transaction, even a single statement', () => {
    expect(runsInImplicitTransaction('diesel', '', [{ text: 'ALTER TABLE users ADD COLUMN email text' }])).toBe(true);
  });

  it('orders migrations by their folder names, as Diesel applies them', () => {
    const paths = [
      'migrations/2024-02-01-090000_add_email/up.sql',
      'migrations/00000000000000_diesel_initial_setup/up.sql',
      'migrations/2024-01-10-120000_create_users/up.sql',
    ];
    expect(orderMigrations(paths.map((path) => ({ path }))).map((file) => file.path)).toEqual([
      'migrations/00000000000000_diesel_initial_setup/up.sql',
      'migrations/2024-01-10-120000_create_users/up.sql',
      'migrations/2024-02-01-090000_add_email/up.sql',
    ]);
  });
});

describe('goose', () => {
  const migration = [
    '-- +goose Up',
    'ALTER TABLE users ADD COLUMN nickname text;',
    '',
    '-- +goose Down',
    'ALTER TABLE users DROP COLUMN nickname;',
    '',
  ].join('\n');

  it('is recognised by its annotations and runs each migration in a transaction unless told not to', () => {
    expect(detectTool('sql/migrations/20240101120000_nickname.sql', migration)).toBe('goose');
    expect(runsInImplicitTransaction('goose', migration, [{ text: 'ALTER TABLE users ADD COLUMN nickname text' }])).toBe(true);
    const noTransaction = `-- +goose NO TRANSACTION\n${migration}`;
    expect(runsInImplicitTransaction('goose', noTransaction, [{ text: 'x' }, { text: 'y' }])).toBe(false);
  });

  it('reviews only the up section: the down section is blanked, lines kept', () => {
    const forward = forwardPart('goose', migration);
    expect(forward.split('\n')).toHaveLength(migration.split('\n').length);
    expect(forward).toContain('ADD COLUMN nickname');
    expect(forward).not.toContain('DROP COLUMN');
    expect(reverseMigrationReason('m/1_x.sql', '-- +goose Down\nDROP TABLE x;\n')).toMatch(/^goose down section only/);
  });
});
