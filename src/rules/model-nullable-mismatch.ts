import { defineRule } from './api/define-rule.js';
import { columnLabel, modelColumns } from './support/model-columns.js';

/**
 * The annotation is what the code believes, `nullable=` is what the database enforces. When they
 * disagree, either the code writes None into a NOT NULL column (IntegrityError at run time) or it
 * reads None where its type says there is always a value.
 */
export default defineRule({
  id: 'model-nullable-mismatch',
  summary: 'The annotation (Optional[...] or not) and nullable= disagree about whether the column can be NULL',
  risk: 'safe',
  severity: 'warning',
  category: 'correctness',
  help: 'Make the annotation match the column: Optional[X] (X | None) exactly when the column is nullable; drop the redundant nullable=.',
  checkModel({ module, report }) {
    for (const { table, column } of modelColumns(module)) {
      const argument = column.nullableArgument;
      if (!argument || column.annotationOptional === undefined || column.primaryKey) continue;
      if (column.annotationOptional === argument.value) continue;
      const consequence = argument.value
        ? 'the database accepts NULL but the annotation promises a value, so code reading it gets None where its type says it cannot (AttributeError, wrong comparisons)'
        : 'the annotation allows None but the column is NOT NULL, so code that leaves it None fails with an IntegrityError at flush time instead of at type-check time';
      report({
        message:
          `${columnLabel(table, column)}: the annotation says ${column.annotationOptional ? 'Optional' : 'not Optional'} but nullable=${argument.value ? 'True' : 'False'}: ${consequence}. ` +
          `Make them agree: ${argument.value ? 'annotate it Optional[...] (or X | None)' : 'drop Optional from the annotation'} and remove the then redundant nullable=.`,
        span: argument.span,
        subject: { table: table.tableName, attribute: column.attribute },
      });
    }
  },
});
