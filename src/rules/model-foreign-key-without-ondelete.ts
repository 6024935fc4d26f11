import { defineRule } from './api/define-rule.js';
import { modelForeignKeys } from './support/model-foreign-keys.js';

/**
 * Without `ondelete=`, PostgreSQL's default is NO ACTION: deleting a referenced parent fails. That
 * may be right, but it should be a decision, and the ORM's cascade settings do not change the DDL.
 */
export default defineRule({
  id: 'model-foreign-key-without-ondelete',
  summary: 'A model foreign key without an explicit ondelete= policy',
  risk: 'safe',
  severity: 'notice',
  category: 'design',
  help: 'Say what deleting the parent does: ondelete="CASCADE", "RESTRICT" or "SET NULL" on the ForeignKey (foreign_key=… with ondelete=… in SQLModel).',
  checkModel({ module, report }) {
    for (const table of module.tables) {
      for (const use of modelForeignKeys(table)) {
        if (use.foreignKey.onDelete !== undefined) continue;
        report({
          message:
            `Foreign key of "${table.tableName}" → ${use.foreignKey.target} has no ondelete=, so the database default NO ACTION applies: deleting the parent row fails ` +
            'while rows point at it, whatever cascade= the ORM relationship says (bulk deletes and other clients bypass the ORM). ' +
            'Choose the policy explicitly: ondelete="CASCADE" (children go with the parent), "RESTRICT" (parent cannot go) or "SET NULL" (children are kept, detached).',
          span: use.foreignKey.span,
          subject: { table: table.tableName, ...(use.attribute ? { attribute: use.attribute } : {}) },
        });
      }
    }
  },
});
