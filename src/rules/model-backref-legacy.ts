import { defineRule } from './api/define-rule.js';

/**
 * `backref=` creates the other side's attribute at mapper configuration time: it is invisible in
 * the other class, to type checkers and to readers. SQLAlchemy documents it as legacy in favour of
 * explicit `back_populates` on both sides.
 */
export default defineRule({
  id: 'model-backref-legacy',
  summary: 'relationship(backref=…): the legacy form that creates an attribute the other class never declares',
  risk: 'safe',
  severity: 'notice',
  category: 'design',
  help: 'Declare the relationship on both classes with back_populates= naming each other.',
  checkModel({ module, report }) {
    for (const table of module.tables) {
      for (const relationship of table.relationships) {
        if (!relationship.backref) continue;
        const other = relationship.target ?? 'the other class';
        report({
          message:
            `${table.className}.${relationship.attribute} uses backref=, which adds an attribute to ${other} only when the mappers are configured: ` +
            `${other} never declares it, so readers, IDEs and type checkers (Mapped[...]) cannot see it, and its loading options are easy to overlook. ` +
            `SQLAlchemy documents backref as legacy: declare the relationship on ${other} too and link both sides with back_populates=.`,
          span: relationship.backref,
          subject: { table: table.tableName, attribute: relationship.attribute },
        });
      }
    }
  },
});
