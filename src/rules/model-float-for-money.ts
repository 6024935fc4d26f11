import { defineRule } from './api/define-rule.js';
import { looksLikeMoney } from './money-as-float.js';
import { columnLabel, modelColumns, typeIsCertain } from './support/model-columns.js';

/** Binary floating point cannot hold most decimal amounts: money columns need Numeric or integer cents. */
const FLOAT_TYPES = new Set(['Float', 'FLOAT', 'REAL', 'Double', 'DOUBLE', 'DOUBLE_PRECISION']);

export default defineRule({
  id: 'model-float-for-money',
  summary: 'A money column (price, amount, total…) declared as Float/REAL/Double in a SQLAlchemy/SQLModel model',
  risk: 'safe',
  severity: 'warning',
  category: 'design',
  help: 'Declare money as sa.Numeric(12, 2) (Decimal in Python) or as an integer count of minor units (cents).',
  checkModel({ module, report }) {
    for (const { table, column } of modelColumns(module)) {
      if (!FLOAT_TYPES.has(column.typeName ?? '') || !looksLikeMoney(column.name) || !typeIsCertain(module, table, column)) continue;
      report({
        message:
          `${columnLabel(table, column)} holds money but is ${column.typeText}, binary floating point: most decimal amounts (0.10, 19.99) ` +
          'cannot be stored exactly, so sums, rounding and equality checks drift by fractions of a cent. ' +
          'Use sa.Numeric(12, 2) with decimal.Decimal values, or a BigInteger count of minor units (cents), with the currency in its own column.',
        span: column.typeSpan ?? column.span,
        subject: { table: table.tableName, attribute: column.attribute },
      });
    }
  },
});
