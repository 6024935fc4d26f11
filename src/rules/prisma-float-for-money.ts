import { defineRule } from './api/define-rule.js';
import { looksLikeMoney } from './money-as-float.js';

/** Prisma's Float is double precision on PostgreSQL: money needs Decimal (numeric) or integer cents. */
export default defineRule({
  id: 'prisma-float-for-money',
  summary: 'A money field (price, amount, total…) of type Float in a Prisma schema',
  risk: 'safe',
  severity: 'warning',
  category: 'design',
  help: 'Use Decimal @db.Decimal(12, 2), or an Int/BigInt count of minor units (cents).',
  checkPrisma({ schema, report }) {
    for (const model of schema.models) {
      for (const field of model.fields) {
        if (field.type !== 'Float' || !looksLikeMoney(field.name)) continue;
        report({
          message:
            `${model.name}.${field.name} holds money but is a Float, which Prisma stores as double precision: most decimal amounts (0.10, 19.99) cannot be stored exactly, ` +
            'so sums, rounding and equality checks drift by fractions of a cent. ' +
            'Use Decimal @db.Decimal(12, 2) (Prisma.Decimal in code), or an Int/BigInt count of minor units (cents), with the currency in its own field.',
          span: field.typeSpan,
          subject: { model: model.name, field: field.name },
        });
      }
    }
  },
});
