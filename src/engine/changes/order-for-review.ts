import { isMigrationKind } from '../../classify/classify-file.js';
import { changeOrder, orderMigrations } from '../../classify/order-migrations.js';
import type { Changeset } from '../../review-types/index.js';
import type { AlembicPlan } from './alembic-plan.js';
import type { ClassifiedFile } from './classify-changes.js';

/**
 * Step 4 of review(): migrations in the order their tool applies them, then everything else by
 * path. The facts flow through the files in this order: a table an earlier migration creates is
 * new for a later one.
 */
export function orderForReview<File extends ClassifiedFile>(files: File[], changeset: Changeset, alembic?: AlembicPlan<File>): File[] {
  // Alembic revisions follow their down_revision graph, not their file names. A plan or LOADORDER
  // is no migration, so not among `files`: changeOrder reads the change's own, else the base's.
  const migrations = orderMigrations(
    files.filter((file) => isMigrationKind(file.kind) && file.kind !== 'alembic'),
    changeOrder(changeset),
  );
  migrations.push(...(alembic?.ordered ?? []));
  const others = files.filter((file) => !isMigrationKind(file.kind)).sort((a, b) => a.path.localeCompare(b.path));
  return [...migrations, ...others];
}
