import { defineRule } from './api/define-rule.js';

/**
 * A mapped class needs a primary key: the ORM's identity map, logical replication (UPDATE and
 * DELETE on a table without replica identity fail once it is published) and deduplication all rely
 * on one. Reported only when every base class is in view, since an imported base may supply it.
 */
export default defineRule({
  id: 'model-missing-primary-key',
  summary: 'A model table with no primary key column or PrimaryKeyConstraint',
  risk: 'safe',
  severity: 'warning',
  category: 'design',
  help: 'Add a primary key: id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True), or a PrimaryKeyConstraint over the natural key.',
  checkModel({ module, report }) {
    for (const table of module.tables) {
      if (!table.complete) continue;
      const hasKey = table.columns.some((column) => column.primaryKey) || table.indexes.some((index) => index.kind === 'primary-key');
      if (hasKey) continue;
      const consequence =
        table.style === 'table'
          ? 'the ORM cannot map it without naming a key, '
          : 'SQLAlchemy refuses to map the class ("could not assemble any primary key columns"), ';
      report({
        message:
          `Table "${table.tableName}" (${table.className}) has no primary key: ${consequence}` +
          'duplicate rows cannot be told apart, and once the table is in a logical replication publication its UPDATEs and DELETEs fail. ' +
          'Add an id column with primary_key=True (BigInteger with Identity()), or a PrimaryKeyConstraint over the natural key.',
        span: table.nameSpan,
        subject: { table: table.tableName },
      });
    }
  },
});
