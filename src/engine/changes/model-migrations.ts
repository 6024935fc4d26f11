import type { SchemaFacts } from '../../analysis/schema-facts.js';
import { isReverseMigration } from '../../classify/migration-tool.js';
import { schemaChanges } from '../../models/model-diff.js';
import { migrationCoverage, normalise, type MigrationCoverage, type MigrationSource } from '../../models/migration-coverage.js';
import type { ModelModule } from '../../models/model-types.js';
import { prismaSchemaChanges } from '../../parse/prisma/prisma-schema-changes.js';
import type { PrismaSchema } from '../../parse/prisma/prisma-types.js';
import modelChangeWithoutMigration from '../../rules/model-change-without-migration.js';
import prismaSchemaWithoutMigration from '../../rules/prisma-schema-without-migration.js';
import { declaredFinding, type DeclaredFinding } from '../files/declared-schema-file.js';
import type { ChangedFile, FileKind } from '../../review-types/index.js';
import type { KindedBaseFile } from '../base/read-base.js';

/**
 * The change-level view behind `model-change-without-migration`: which tables the change's
 * migrations touch, and which tables exist before the change (a model class added for an existing
 * table needs no migration). Computed once per review, before the files are reviewed, and only
 * when the change holds model files.
 */

export interface ModelMigrationContext extends MigrationCoverage {
  existing: Set<string>;
  /** The repository keeps Prisma migrations (base or change): schema.prisma changes need one. */
  prismaMigrate: boolean;
}

type Classified = ChangedFile & { kind: FileKind };

export function modelMigrationCoverage(
  files: readonly Classified[],
  baseFiles: readonly KindedBaseFile[],
  baseFacts: SchemaFacts,
): ModelMigrationContext | undefined {
  if (!files.some((file) => file.kind === 'sqlalchemy-model' || file.kind === 'sqlmodel-model' || file.kind === 'prisma-schema'))
    return undefined;
  const migrations = files.flatMap((file) =>
    file.status === 'removed' || file.content === undefined || isReverseMigration(file.path, file.content)
      ? []
      : migrationSource(file.kind, file.content),
  );
  const baseAlembic = baseFiles.flatMap((file) => (file.kind === 'alembic' ? migrationSource(file.kind, file.content) : []));
  const existing = new Set([...baseFacts.tables.keys()].map(normalise));
  for (const table of migrationCoverage(baseAlembic).touched) existing.add(table);
  // A project on `prisma db push` has no migrations folder: its schema changes need none.
  const prismaMigrate = [...files, ...baseFiles].some((file) => file.kind === 'prisma-migration');
  return { ...migrationCoverage(migrations), existing, prismaMigrate };
}

function migrationSource(kind: FileKind, content: string): MigrationSource[] {
  if (kind === 'alembic') return [{ kind: 'alembic', content }];
  if (kind === 'sql-migration' || kind === 'prisma-migration') return [{ kind: 'sql', content }];
  return [];
}

/** `model-change-without-migration` findings: schema changes of the module whose table no migration of the change touches. */
export function missingMigrationFindings(
  base: ModelModule | undefined,
  head: ModelModule,
  context: ModelMigrationContext,
): DeclaredFinding[] {
  if (context.partial) return [];
  return schemaChanges(base, head)
    .filter((change) => !context.touched.has(normalise(change.table)))
    .filter((change) => !(change.what.startsWith('adds the model') && context.existing.has(normalise(change.table))))
    .map((change) =>
      declaredFinding(modelChangeWithoutMigration, {
        span: change.span,
        message:
          `This change ${change.what}, but no migration in the change touches table "${change.table}": once deployed, the code queries a schema the database ` +
          'does not have (UndefinedTable/UndefinedColumn errors), and the difference is left for a later autogenerate to pick up mixed with unrelated changes. ' +
          'Add the migration to this change (e.g. alembic revision --autogenerate), reviewed like any other.',
      }),
    );
}

/** `prisma-schema-without-migration`: models of schema.prisma whose table no migration of the change touches. */
export function missingPrismaMigrationFindings(
  base: PrismaSchema | undefined,
  head: PrismaSchema,
  context: ModelMigrationContext,
): DeclaredFinding[] {
  if (context.partial || !context.prismaMigrate) return [];
  return prismaSchemaChanges(base, head)
    .filter((change) => !context.touched.has(normalise(change.table)))
    .filter((change) => !(change.added && context.existing.has(normalise(change.table))))
    .map((change) =>
      declaredFinding(prismaSchemaWithoutMigration, {
        span: change.span,
        message:
          `This change ${change.added ? 'adds the model' : `${change.what.join(', ')} of model`} "${change.model}", but no migration in the change touches table "${change.table}": ` +
          '`prisma migrate deploy` has nothing to apply, and the generated client queries a schema the database does not have. ' +
          'Run `prisma migrate dev` and commit the new migrations/<timestamp>_<name>/migration.sql with this change, where dbarch reviews it.',
      }),
    );
}
