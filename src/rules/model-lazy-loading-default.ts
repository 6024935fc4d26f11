import { defineRule } from './api/define-rule.js';

/**
 * A collection relationship without `lazy=` loads with the default "select" strategy: one query per
 * parent the first time the attribute is touched, the classic N+1 on list pages and serializers,
 * and a MissingGreenlet error under asyncio. Whether the path is hot cannot be seen from the model,
 * so this is a notice asking for a deliberate choice, only for collections.
 */
export default defineRule({
  id: 'model-lazy-loading-default',
  summary: 'A collection relationship that leaves lazy= at the default (one query per parent on first access)',
  risk: 'safe',
  severity: 'notice',
  category: 'design',
  help: 'Set lazy="selectin" for collections usually needed, lazy="raise" to force explicit loading options, or lazy="write_only"/"dynamic" for large ones.',
  checkModel({ module, report }) {
    for (const table of module.tables) {
      for (const relationship of table.relationships) {
        if (!relationship.collection || relationship.viewonly || relationship.lazy !== undefined) continue;
        report({
          message:
            `${table.className}.${relationship.attribute} is a collection with the default lazy="select": each parent loads it with its own query on first access, ` +
            'so code that iterates parents and touches it (a list page, a serializer) sends one query per row (N+1), and under asyncio the access raises MissingGreenlet. ' +
            'Choose the strategy: lazy="selectin" when it is usually needed, lazy="raise" to require selectinload()/joinedload() in queries, lazy="write_only" for large collections.',
          span: relationship.span,
          subject: { table: table.tableName, attribute: relationship.attribute },
        });
      }
    }
  },
});
