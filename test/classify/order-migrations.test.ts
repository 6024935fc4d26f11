import { describe, expect, it } from '@jest/globals';
import { orderMigrations, parseSqitchPlan } from '../../src/classify/order-migrations.js';

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
