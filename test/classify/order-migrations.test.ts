import { describe, expect, it } from '@jest/globals';
import { parseGnumedBootstrap } from '../../src/classify/gnumed-bootstrap.js';
import { declaredOrder, isOrderFile, orderMigrations, parseLoadOrder, parseSqitchPlan } from '../../src/classify/order-migrations.js';

const paths = (items: string[], plan?: string[]) =>
  orderMigrations(
    items.map((path) => ({ path })),
    { sqitchPlan: plan },
  ).map((item) => item.path);

describe('orderMigrations', () => {
  it('compares numeric prefixes as numbers', () => {
    expect(paths(['m/10_c.sql', 'm/9_b.sql', 'm/1_a.sql'])).toEqual(['m/1_a.sql', 'm/9_b.sql', 'm/10_c.sql']);
  });

  it('orders Flyway versions part by part and repeatable scripts last', () => {
    expect(paths(['db/R__views.sql', 'db/V1_10__c.sql', 'db/V1_9__b.sql', 'db/V1__a.sql'])).toEqual([
      'db/V1__a.sql',
      'db/V1_9__b.sql',
      'db/V1_10__c.sql',
      'db/R__views.sql',
    ]);
  });

  it('orders Prisma migrations by their folder name', () => {
    expect(paths(['p/migrations/20240301_b/migration.sql', 'p/migrations/20240101_a/migration.sql'])).toEqual([
      'p/migrations/20240101_a/migration.sql',
      'p/migrations/20240301_b/migration.sql',
    ]);
  });

  it('follows a sqitch plan over file names', () => {
    const plan = parseSqitchPlan(
      '%syntax-version=1.0.0\n%project=shop\n\nzebra 2024-01-01T00:00:00Z A <a@b> # first\napple 2024-01-02T00:00:00Z A <a@b>\n@v1 2024-01-03T00:00:00Z A <a@b>\n',
    );
    expect(plan).toEqual(['zebra', 'apple']);
    expect(paths(['deploy/apple.sql', 'deploy/zebra.sql'], plan)).toEqual(['deploy/zebra.sql', 'deploy/apple.sql']);
  });
});

describe('orders that a file of their own declares', () => {
  const order = (items: string[], files: { path: string; content?: string }[]) =>
    orderMigrations(
      items.map((path) => ({ path })),
      declaredOrder(files),
    ).map((item) => item.path);

  it('follows a pgpm plan whose change names are folders below deploy/, across those folders', () => {
    const plan = [
      '%syntax-version=1.0.0',
      '%project=jobs',
      'schemas/app/schema [other-project:@0.1.0] 2025-08-26T23:57:41Z pgpm <pgpm@host> # add schemas/app/schema',
      'schemas/app/tables/jobs/table [schemas/app/schema] 2025-08-26T23:57:41Z pgpm <pgpm@host>',
      'schemas/app/procedures/add_job [schemas/app/tables/jobs/table] 2025-08-26T23:57:41Z pgpm <pgpm@host>',
    ].join('\n');
    const deploy = [
      'pkg/deploy/schemas/app/procedures/add_job.sql',
      'pkg/deploy/schemas/app/schema.sql',
      'pkg/deploy/schemas/app/tables/jobs/table.sql',
    ];
    expect(order(deploy, [{ path: 'pkg/pgpm.plan', content: plan }])).toEqual([
      'pkg/deploy/schemas/app/schema.sql',
      'pkg/deploy/schemas/app/tables/jobs/table.sql',
      'pkg/deploy/schemas/app/procedures/add_job.sql',
    ]);
    // Change names alone (the sqitchPlan option) match the same nested scripts.
    expect(paths(deploy, parseSqitchPlan(plan))).toEqual(order(deploy, [{ path: 'pkg/pgpm.plan', content: plan }]));
  });

  it('keeps each plan to the deploy folder next to it', () => {
    const files = [
      { path: 'a/sqitch.plan', content: 'zebra 2024-01-01T00:00:00Z A <a@b>\napple 2024-01-02T00:00:00Z A <a@b>\n' },
      { path: 'b/sqitch.plan', content: 'apple 2024-01-01T00:00:00Z A <a@b>\nzebra 2024-01-02T00:00:00Z A <a@b>\n' },
    ];
    expect(order(['a/deploy/apple.sql', 'a/deploy/zebra.sql', 'b/deploy/zebra.sql', 'b/deploy/apple.sql'], files)).toEqual([
      'a/deploy/zebra.sql',
      'a/deploy/apple.sql',
      'b/deploy/apple.sql',
      'b/deploy/zebra.sql',
    ]);
  });

  it('puts a reworked sqitch change where the plan lists it last', () => {
    const plan = parseSqitchPlan('users 2024 A <a@b>\n@v1 2024 A <a@b>\nroles 2024 A <a@b>\nusers [users@v1] 2024 A <a@b>\n');
    expect(paths(['deploy/users.sql', 'deploy/roles.sql'], plan)).toEqual(['deploy/roles.sql', 'deploy/users.sql']);
  });

  it('parses a LedgerSMB LOADORDER: comments, blank lines and the ! marker of changes whose errors are ignored', () => {
    expect(
      parseLoadOrder('# header\n\n1.4/menu-cleanup.sql\n!1.4/location-fixes.sql # legacy\n#tag: migration-target\n1.6/drop_chart.sql\n'),
    ).toEqual(['1.4/menu-cleanup.sql', '1.4/location-fixes.sql', '1.6/drop_chart.sql']);
  });

  it('follows a LOADORDER over file names, and leaves the files it does not list where they were', () => {
    const loadOrder = {
      path: 'sql/changes/LOADORDER',
      content: '1.4/menu-cleanup.sql\n!1.4/location-fixes.sql\n1.5/abstract_tables.sql\n',
    };
    expect(
      order(
        [
          'sql/changes/1.5/abstract_tables.sql',
          'sql/changes/1.4/location-fixes.sql',
          'sql/changes/1.4/menu-cleanup.sql',
          'sql/changes/1.4/aaa-unlisted.sql',
        ],
        [loadOrder],
      ),
    ).toEqual([
      'sql/changes/1.4/aaa-unlisted.sql',
      'sql/changes/1.4/menu-cleanup.sql',
      'sql/changes/1.4/location-fixes.sql',
      'sql/changes/1.5/abstract_tables.sql',
    ]);
  });

  it('applies GNUmed bootstrap bundles in their listed order: the database’s own files, static, dynamic, then fixups', () => {
    const conf = [
      '[installation]',
      'bundles = $bundles$',
      'v14-v15-static',
      'v14-v15-dynamic',
      'v15-fixups',
      '$bundles$',
      '[bundle v14_fixups-pre_v15]',
      'schema base directory = ../sql/v14-v15/fixups/',
      'schema = $schema$',
      '$schema$',
      '[bundle v14-v15-static]',
      'database alias = gnumed_v15',
      'schema base directory = ../sql/v14-v15/static/',
      'schema = $schema$',
      'v15-ref-tag_image-static.sql',
      'v15-dem-identity-static.sql',
      '$schema$',
      '[bundle v14-v15-dynamic]',
      'schema base directory = ../sql/v14-v15/dynamic/',
      'schema = $schema$',
      'v15-i18n-dynamic.sql',
      '#v15-ref-icpc2_de-thesaurus.sql',
      'v15-audit-dynamic.sql',
      '$schema$',
      '[bundle v15-fixups]',
      'schema base directory = ../sql/v14-v15/fixups/',
      'schema = $schema$',
      'v15-clin-episode-trigger_fixup.sql',
      '$schema$',
      '[database gnumed_v15]',
      'schema base directory = ../sql/v14-v15/',
      'schema = $schema$',
      '$schema$',
      'superuser schema = $superuser schema$',
      'superuser/v15-install-pg_trgm.sql',
      '$superuser schema$',
      '[server local host]',
      'schema = $schema$',
      'not-applied.sql',
      '$schema$',
    ].join('\n');
    expect(parseGnumedBootstrap(conf)).toEqual([
      { directory: '../sql/v14-v15/', files: ['superuser/v15-install-pg_trgm.sql'] },
      { directory: '../sql/v14-v15/static/', files: ['v15-ref-tag_image-static.sql', 'v15-dem-identity-static.sql'] },
      { directory: '../sql/v14-v15/dynamic/', files: ['v15-i18n-dynamic.sql', 'v15-audit-dynamic.sql'] },
      { directory: '../sql/v14-v15/fixups/', files: ['v15-clin-episode-trigger_fixup.sql'] },
    ]);
    const step = 'server/sql/v14-v15';
    expect(
      order(
        [
          `${step}/superuser/v15-install-pg_trgm.sql`,
          `${step}/dynamic/v15-audit-dynamic.sql`,
          `${step}/dynamic/v15-i18n-dynamic.sql`,
          `${step}/fixups/v15-clin-episode-trigger_fixup.sql`,
          `${step}/static/v15-dem-identity-static.sql`,
          `${step}/static/v15-ref-tag_image-static.sql`,
        ],
        [{ path: 'server/bootstrap/update_db-v14_v15.conf', content: conf }],
      ),
    ).toEqual([
      `${step}/superuser/v15-install-pg_trgm.sql`,
      `${step}/static/v15-ref-tag_image-static.sql`,
      `${step}/static/v15-dem-identity-static.sql`,
      `${step}/dynamic/v15-i18n-dynamic.sql`,
      `${step}/dynamic/v15-audit-dynamic.sql`,
      `${step}/fixups/v15-clin-episode-trigger_fixup.sql`,
    ]);
  });

  it('prefers the change’s own version of an order file, and ignores files that declare no order', () => {
    const head = { path: 'db/sqitch.plan', content: 'b 2024 A <a@b>\na 2024 A <a@b>\n' };
    const base = { path: 'db/sqitch.plan', content: 'a 2024 A <a@b>\nb 2024 A <a@b>\n' };
    const items = ['db/deploy/a.sql', 'db/deploy/b.sql'];
    expect(order(items, [head, base])).toEqual(['db/deploy/b.sql', 'db/deploy/a.sql']);
    expect(order(items, [{ path: 'db/sqitch.plan' }, base])).toEqual(['db/deploy/a.sql', 'db/deploy/b.sql']);
    expect(
      declaredOrder([
        { path: 'db/deploy/a.sql', content: 'SELECT 1;' },
        { path: 'etc/app.conf', content: 'x = 1' },
      ]),
    ).toEqual({});
    expect(isOrderFile('db/sqitch.plan') && isOrderFile('pgpm.plan') && isOrderFile('sql/changes/LOADORDER')).toBe(true);
    expect(isOrderFile('server/bootstrap/update_db-v14_v15.conf')).toBe(true);
    expect(isOrderFile('etc/app.conf')).toBe(false);
  });
});
