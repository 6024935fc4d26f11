import { defineRule } from './api/define-rule.js';

/**
 * ALTER SYSTEM rewrites postgresql.auto.conf: a change to the whole server, every database on it,
 * that outlives the migration and that no rollback of the migration undoes.
 */
export default defineRule({
  id: 'alter-system',
  summary: 'ALTER SYSTEM changes the configuration of the whole database server',
  risk: 'safe',
  severity: 'error',
  category: 'safety',
  help:
    'Change server settings through your configuration management (or ALTER DATABASE / ALTER ROLE … SET for one database or role), ' +
    'not in a schema migration.',
  checkStatement({ statement, report }) {
    if (statement.kind !== 'AlterSystemStmt') return;
    const setting = (statement.ast?.setstmt as { name?: string } | undefined)?.name ?? 'settings';
    report({
      message:
        `ALTER SYSTEM changes ${setting === 'settings' ? 'settings' : `"${setting}"`} in postgresql.auto.conf for the whole server and every database on it, ` +
        'outside any transaction (PostgreSQL refuses it inside one), and no rollback of the migration undoes it. ' +
        'Set it in the server configuration you manage, or with ALTER DATABASE … SET / ALTER ROLE … SET for this database only.',
    });
  },
});
