import { defineRule } from './api/define-rule.js';
import { isIndexed, modelForeignKeys } from './support/model-foreign-keys.js';

/**
 * PostgreSQL indexes the referenced side of a foreign key (it must be unique) but never the
 * referencing columns. Without an index, every delete or key update on the parent scans the child
 * table, and joins from parent to children scan it too.
 */
export default defineRule({
  id: 'model-foreign-key-without-index',
  summary: 'A model foreign key whose columns no index (index=True, Index, unique or primary key) starts with',
  risk: 'safe',
  severity: 'warning',
  category: 'design',
  help: 'Add index=True to the foreign key column, or an Index whose first columns are the foreign key columns.',
  checkModel({ module, report }) {
    for (const table of module.tables) {
      if (!table.indexesKnown) continue;
      for (const use of modelForeignKeys(table)) {
        if (use.columns.length === 0 || isIndexed(table, use.columns)) continue;
        const columns = use.columns.map((name) => `"${name}"`).join(', ');
        const single = use.columns.length === 1 && use.attribute !== undefined;
        report({
          message:
            `Foreign key ${columns} of "${table.tableName}" → ${use.foreignKey.target} has no index: PostgreSQL indexes only the referenced side, so every ` +
            `DELETE or key UPDATE on the parent scans all of "${table.tableName}" (holding locks meanwhile), and loading a parent's children scans it too. ` +
            (single ? 'Add index=True to the column.' : `Add an Index in __table_args__ that starts with ${columns}.`),
          span: use.span,
          subject: { table: table.tableName, ...(use.attribute ? { attribute: use.attribute } : {}) },
        });
      }
    }
  },
});
