import { defineRule } from './api/define-rule.js';
import { FLOAT_TYPES } from './support/column-types.js';
import { newColumns } from './support/new-columns.js';

/**
 * Money must add up to the cent. Binary floating point cannot represent most decimal fractions, and
 * PostgreSQL's `money` type depends on the server's lc_monetary locale. Columns whose name says
 * "money" should be numeric(p,s) or an integer count of minor units.
 */
const MONEY_WORDS = new Set([
  'price',
  'prices',
  'amount',
  'amounts',
  'cost',
  'costs',
  'total',
  'totals',
  'subtotal',
  'balance',
  'balances',
  'fee',
  'fees',
  'salary',
  'salaries',
  'wage',
  'wages',
  'tax',
  'taxes',
  'vat',
  'discount',
  'revenue',
  'payment',
  'payout',
  'charge',
  'refund',
  'credit',
  'debit',
  'budget',
  'fare',
  'income',
  'expense',
  'commission',
  'cents',
  'money',
  'tip',
  'deposit',
  'invoice',
  'spend',
  'earnings',
  'usd',
  'eur',
  'gbp',
]);
/** Words that make a "total" or "cost" column about something other than money. */
const NOT_MONEY_WORDS = new Set([
  'count',
  'distance',
  'weight',
  'duration',
  'time',
  'seconds',
  'ms',
  'score',
  'percent',
  'percentage',
  'ratio',
  'rate',
  'km',
  'kg',
  'miles',
  'latitude',
  'longitude',
  'temperature',
  'height',
  'width',
  'length',
  'size',
  'volume',
  'speed',
  'points',
]);

/** `unitPrice`, `unit_price`, `UnitPriceUSD` → ['unit', 'price'(, 'usd')]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function looksLikeMoney(name: string): boolean {
  const words = nameWords(name);
  return words.some((word) => MONEY_WORDS.has(word)) && !words.some((word) => NOT_MONEY_WORDS.has(word));
}

export default defineRule({
  id: 'money-as-float',
  summary: 'Money stored as real/double precision (inexact) or as the locale-dependent money type',
  risk: 'safe',
  severity: 'warning',
  category: 'design',
  help: 'Store money as numeric(p,s) (e.g. numeric(12,2)) or as an integer count of minor units (cents), with the currency in its own column.',
  checkStatement({ statement, report }) {
    for (const column of newColumns(statement)) {
      const reason =
        column.type.name === 'money'
          ? moneyTypeReason()
          : FLOAT_TYPES.has(column.type.name) && looksLikeMoney(column.name)
            ? floatReason(column.type.text)
            : undefined;
      if (!reason) continue;
      report({
        message:
          `Column "${column.name}" of "${column.tableAsWritten}" is ${column.type.text}: ${reason} ` +
          `Use numeric(p,s) such as numeric(12,2), or an integer count of minor units (cents), with the currency in its own column.`,
        location: column.typeLocation,
      });
    }
  },
});

function floatReason(type: string): string {
  return `${type} is binary floating point and cannot store most decimal amounts exactly (0.10 + 0.20 is not 0.30), so sums, rounding and equality checks on money drift.`;
}

function moneyTypeReason(): string {
  return "the money type reads and prints values according to the server's lc_monetary locale (a dump restored elsewhere can change meaning), has a fixed number of decimals and no currency.";
}
