import { defineRule } from './api/define-rule.js';
import { statementAndBody } from './support/statement-and-body.js';
import type { AstObject } from '../parse/sql/ast.js';

/**
 * Writing to PostgreSQL's own catalogs (pg_class, pg_index, pg_attribute …) bypasses every check
 * the DDL commands make: one wrong row corrupts the database in ways no backup replay fixes,
 * and it needs a superuser. Unqualified names count too: pg_catalog is searched first.
 */
const CATALOG_TABLES = new Set([
  'pg_aggregate',
  'pg_am',
  'pg_amop',
  'pg_amproc',
  'pg_attrdef',
  'pg_attribute',
  'pg_authid',
  'pg_auth_members',
  'pg_cast',
  'pg_class',
  'pg_collation',
  'pg_constraint',
  'pg_conversion',
  'pg_database',
  'pg_db_role_setting',
  'pg_default_acl',
  'pg_depend',
  'pg_description',
  'pg_enum',
  'pg_event_trigger',
  'pg_extension',
  'pg_foreign_data_wrapper',
  'pg_foreign_server',
  'pg_foreign_table',
  'pg_index',
  'pg_inherits',
  'pg_init_privs',
  'pg_language',
  'pg_largeobject',
  'pg_largeobject_metadata',
  'pg_namespace',
  'pg_opclass',
  'pg_operator',
  'pg_opfamily',
  'pg_parameter_acl',
  'pg_partitioned_table',
  'pg_policy',
  'pg_proc',
  'pg_publication',
  'pg_publication_namespace',
  'pg_publication_rel',
  'pg_range',
  'pg_replication_origin',
  'pg_rewrite',
  'pg_seclabel',
  'pg_sequence',
  'pg_shdepend',
  'pg_shdescription',
  'pg_shseclabel',
  'pg_statistic',
  'pg_statistic_ext',
  'pg_statistic_ext_data',
  'pg_subscription',
  'pg_subscription_rel',
  'pg_tablespace',
  'pg_transform',
  'pg_trigger',
  'pg_ts_config',
  'pg_ts_config_map',
  'pg_ts_dict',
  'pg_ts_parser',
  'pg_ts_template',
  'pg_type',
  'pg_user_mapping',
]);

const WRITES: Record<string, string> = {
  InsertStmt: 'INSERT INTO',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE FROM',
  MergeStmt: 'MERGE INTO',
};

export default defineRule({
  id: 'system-catalog-write',
  summary: 'INSERT, UPDATE, DELETE or MERGE on a system catalog such as pg_class, pg_index or pg_attribute',
  risk: 'safe',
  severity: 'error',
  category: 'safety',
  help:
    'Use the DDL command that makes the change (ALTER TABLE, ALTER TYPE, REINDEX, DROP INDEX CONCURRENTLY …); ' +
    'if none exists, the change is not one to make in a migration.',
  checkStatement({ statement, report }) {
    // Inside a DO block or a function body too (where a BEGIN ATOMIC body's writes are as well).
    for (const checked of statementAndBody(statement)) {
      const verb = WRITES[checked.kind];
      const relation = checked.ast?.relation as AstObject | undefined;
      if (!verb || !relation) continue;
      const schema = typeof relation.schemaname === 'string' ? relation.schemaname : undefined;
      const name = String(relation.relname ?? '');
      if (!(schema === 'pg_catalog' || (schema === undefined && CATALOG_TABLES.has(name)))) continue;
      const location = checked.inBody ? checked.location : relation.location;
      report({
        ...(typeof location === 'number' ? { location } : {}),
        message:
          `${checked.intro}${verb} pg_catalog.${name} edits PostgreSQL's own catalog directly (as a superuser), past every check the DDL commands make: ` +
          'a wrong row can corrupt the table, its indexes or the whole database, and nothing keeps the rest of the catalog consistent with it. ' +
          'Use the DDL command that makes this change (ALTER TABLE, ALTER TYPE, REINDEX …) instead.',
      });
    }
  },
});
