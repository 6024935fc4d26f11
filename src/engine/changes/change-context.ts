import { plannedIndexes } from '../../analysis/planned-indexes.js';
import type { SchemaFacts } from '../../analysis/schema-facts.js';
import { isReverseMigration } from '../../classify/migration-tool.js';
import type { Changeset, ChangedFile, FileKind } from '../../review-types/index.js';
import type { BaseSnapshot } from '../base/read-base.js';
import { planAlembic, type AlembicPlan } from './alembic-plan.js';
import { modelMigrationCoverage, type ModelMigrationContext } from './model-migrations.js';
import { migratedObjects, type MigratedObjects } from './prisma-migration-overlap.js';

/**
 * Step 3 of review(): what the change as a whole tells the review of each of its files, learned
 * before any file is reviewed.
 */
export interface ChangeContext {
  /** Alembic: the change's revisions in upgrade order and the graph's heads before and after. */
  alembic?: AlembicPlan<ChangedFile & { kind: FileKind }>;
  /** Models and schema.prisma: the tables the change's migrations touch (a model change needs one). */
  modelMigrations?: ModelMigrationContext;
  /** schema.prisma: what the change's migration.sql files create, whose findings it does not repeat. */
  prismaMigrated?: MigratedObjects;
}

export async function learnChangeContext<File extends ChangedFile & { kind: FileKind }>(
  files: readonly File[],
  changeset: Changeset,
  base: BaseSnapshot,
  facts: SchemaFacts,
): Promise<ChangeContext & { alembic?: AlembicPlan<File> }> {
  learnPlannedIndexes(files, facts);
  const alembic = await planAlembic(files, base.files);
  // Only a real change can say a model changed without its migration (not files named on a command line).
  const modelMigrations = changeset.mode === 'paths' ? undefined : modelMigrationCoverage(files, base.files, base.facts);
  return {
    ...(alembic ? { alembic } : {}),
    ...(modelMigrations ? { modelMigrations } : {}),
    prismaMigrated: migratedObjects(files),
  };
}

/** Indexes the change's migrations create, so a rule can see an index that a later file adds. */
function learnPlannedIndexes(files: ReadonlyArray<ChangedFile & { kind: FileKind }>, facts: SchemaFacts): void {
  const sql = files.filter(
    (file) =>
      (file.kind === 'sql-migration' || file.kind === 'prisma-migration') &&
      file.content !== undefined &&
      !isReverseMigration(file.path, file.content),
  );
  for (const [table, lists] of plannedIndexes(sql.map((file) => file.content!))) facts.plannedIndexes.set(table, lists);
}
