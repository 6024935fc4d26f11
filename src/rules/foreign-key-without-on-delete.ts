import { defineRule } from './api/define-rule.js';
import { foreignKeysIn } from './support/foreign-keys.js';

/**
 * A foreign key without ON DELETE gets NO ACTION, which is rarely a decision anyone made. What
 * should happen to child rows when their parent goes is a business rule and belongs in the schema.
 */
export default defineRule({
  id: 'foreign-key-without-on-delete',
  summary: 'Foreign key without an explicit ON DELETE policy',
  risk: 'safe',
  severity: 'notice',
  category: 'design',
  help: 'Write the ON DELETE policy you chose: RESTRICT (or NO ACTION), CASCADE, or SET NULL / SET DEFAULT.',
  checkStatement({ statement, report }) {
    for (const key of foreignKeysIn(statement)) {
      if (key.explicitOnDelete) continue;
      const parent = key.referencedTable ? `"${key.referencedTable}"` : 'the referenced table';
      const label = key.name
        ? `Foreign key "${key.name}"`
        : `The foreign key on "${key.table}" (${key.columns.map((column) => `"${column}"`).join(', ')})`;
      report({
        message:
          `${label} has no ON DELETE clause, so it defaults to NO ACTION: deleting a row of ${parent} fails while rows of "${key.table}" ` +
          `still point to it. Decide what should happen and write it: ON DELETE RESTRICT (keep that behaviour, on purpose), ` +
          `CASCADE (delete the "${key.table}" rows too) or SET NULL (keep them, unlinked).`,
        location: key.location,
      });
    }
  },
});
