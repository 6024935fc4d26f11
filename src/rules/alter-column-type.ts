import { defineRule, type RuleReport } from './api/define-rule.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { asArray, nodeOf, type AstObject } from '../parse/sql/ast.js';
import { alterTableCommands } from './support/alter-table.js';
import { columnTypeOf, parseColumnType, type ColumnType } from './support/column-types.js';
import { classifyTypeChange, isBareColumn, lossInUsing, type TypeChange } from './support/type-change.js';

/**
 * ALTER COLUMN … TYPE holds ACCESS EXCLUSIVE and, unless the change is binary-compatible, rewrites
 * the table and rebuilds every index. When the old type is known (created or altered earlier in the
 * change, or in the base schema) the rule says exactly which case applies; narrowing conversions
 * that throw information away are destructive.
 */
export default defineRule({
  id: 'alter-column-type',
  summary: 'ALTER COLUMN TYPE rewrites the table and its indexes unless the change is binary-compatible',
  risk: 'downtime',
  severity: 'error',
  category: 'safety',
  help:
    'Add a new column of the new type, write to both columns, backfill in batches, switch reads, then drop the old column. ' +
    'Binary-compatible changes (varchar(n) to a longer varchar or to text, numeric precision increase) need no rewrite.',
  checkStatement({ statement, statements, facts, pgVersion, report }) {
    const alter = alterTableCommands(statement);
    if (!alter || facts.isNewTable(alter.table)) return;
    for (const command of alter.commands) {
      const definition = command.subtype === 'AT_AlterColumnType' ? nodeOf(command.def, 'ColumnDef') : undefined;
      if (!definition || typeof command.name !== 'string') continue;
      const known = facts.column(alter.table, command.name)?.type;
      const change: ChangeInput = {
        table: alter.tableAsWritten,
        column: command.name,
        from: known === undefined ? undefined : parseColumnType(known),
        to: columnTypeOf(definition.typeName),
        using: definition.raw_default,
        typeLocation: (definition.typeName as AstObject | undefined)?.location as number | undefined,
        collation: definition.collClause !== undefined,
        indexed: facts.indexedColumnLists(alter.table).some((columns) => columns.includes(command.name as string)),
      };
      const finding = judge(change, pgVersion, sessionTimeZone(statements, statement.index));
      if (finding) report(finding);
    }
  },
});

interface ChangeInput {
  table: string;
  column: string;
  from?: ColumnType;
  to: ColumnType;
  using: unknown;
  typeLocation?: number;
  collation: boolean;
  /** An index or key constraint known on the table includes the column. */
  indexed: boolean;
}

const REWRITE = (table: string, exception = ''): string =>
  `rewrites the whole table and rebuilds all its indexes under ACCESS EXCLUSIVE${exception}: all reads and writes on "${table}" wait until it finishes, which grows with the table`;
const UNLESS_COMPATIBLE =
  ', unless it is a binary-compatible change such as varchar(n) to a longer varchar or to text, or numeric(p,s) to a higher precision ' +
  "with the same scale (dbarch does not know the column's current type)";
const EXPAND_CONTRACT = 'Add a new column of the new type, write to both, backfill in batches, switch reads, then drop the old column.';

function judge(change: ChangeInput, pgVersion: number, zone: SessionZone): RuleReport | undefined {
  const { table, column, from, to } = change;
  const subject = `ALTER COLUMN "${column}" TYPE ${to.text} on existing table "${table}"`;
  if (!from) return judgeUnknown(change, subject);
  const verdict: TypeChange = classifyTypeChange(from, to, change.using, column, pgVersion);
  const was = `(currently ${from.text})`;
  if (verdict.kind === 'binary-compatible') {
    if (!change.collation) return changesOperatorClass(change, subject);
    return {
      severity: 'warning',
      location: change.typeLocation,
      message:
        `${subject} sets a collation: the table is not rewritten, but if the collation differs from the current one, every index that includes "${column}" ` +
        `is rebuilt under ACCESS EXCLUSIVE and reads and writes on "${table}" wait for it. On a large indexed table, plan it for a quiet period, or go through a new column with the new collation.`,
    };
  }
  if (verdict.kind === 'needs-utc-session') {
    if (zone.utc) return undefined;
    if (zone.set !== undefined) {
      return {
        location: change.typeLocation,
        message:
          `${subject} ${was} converts every value with the session time zone '${zone.set}' set earlier in this file, so it ${REWRITE(table)}. ` +
          `Set the session to UTC right before it (SET LOCAL timezone = 'UTC') to skip the rewrite on PostgreSQL 12+, or ${EXPAND_CONTRACT.charAt(0).toLowerCase()}${EXPAND_CONTRACT.slice(1)}`,
      };
    }
    return {
      severity: 'notice',
      risk: 'safe',
      location: change.typeLocation,
      message:
        `${subject} ${was}: since PostgreSQL 12 this skips the table rewrite only when the session TimeZone is UTC, which dbarch cannot see from here; ` +
        `otherwise it ${REWRITE(table)}. Set the session to UTC right before it (SET timezone = 'UTC', or SET LOCAL inside a transaction); indexes on "${column}" are rebuilt either way.`,
    };
  }
  if (verdict.loses) {
    return {
      risk: 'destructive',
      location: verdict.lossLocation ?? change.typeLocation,
      message: `${subject} ${was} discards data: ${verdict.loses}, irreversibly. It also ${REWRITE(table)}. ${EXPAND_CONTRACT} Keep the old column until the new values are checked.`,
    };
  }
  const failure = verdict.mayFail ? ` Also, ${verdict.mayFail}.` : '';
  return { location: change.typeLocation, message: `${subject} ${was} ${REWRITE(table)}.${failure} ${EXPAND_CONTRACT}` };
}

/**
 * text/varchar ↔ citext keeps the stored bytes (no rewrite), but citext compares with its own
 * operator class: every index that includes the column is rebuilt under ACCESS EXCLUSIVE.
 */
function changesOperatorClass(change: ChangeInput, subject: string): RuleReport | undefined {
  if (!change.indexed || (change.from?.name !== 'citext') === (change.to.name !== 'citext')) return undefined;
  return {
    severity: 'warning',
    location: change.typeLocation,
    message:
      `${subject} keeps the stored values (no table rewrite), but citext and text sort and compare with different operator classes: ` +
      `every index that includes "${change.column}" is rebuilt under ACCESS EXCLUSIVE, and reads and writes on "${change.table}" wait for it. ` +
      `On a large table, build the new index concurrently on a new column instead, or plan a quiet period.`,
  };
}

/** Without the old type dbarch cannot tell a rewrite from a binary-compatible change, so it says both. */
function judgeUnknown(change: ChangeInput, subject: string): RuleReport {
  const loss =
    change.using !== undefined && !isBareColumn(change.using, change.column)
      ? lossInUsing(change.using, change.column, undefined)
      : undefined;
  if (loss) {
    return {
      risk: 'destructive',
      location: loss.location ?? change.typeLocation,
      message: `${subject} discards data: ${loss.loses}, irreversibly. It also ${REWRITE(change.table)}. ${EXPAND_CONTRACT} Keep the old column until the new values are checked.`,
    };
  }
  return {
    location: change.typeLocation,
    message: `${subject} ${REWRITE(change.table, UNLESS_COMPATIBLE)}. ${EXPAND_CONTRACT}`,
  };
}

const UTC_ZONES = /^(?:etc\/)?(?:utc|uct|gmt|zulu|universal|greenwich)$/i;

/** The session time zone the last SET TIME ZONE / SET timezone earlier in the file chose, if any. */
interface SessionZone {
  utc: boolean;
  /** The zone as written, when the file set one that is not UTC. */
  set?: string;
}

function sessionTimeZone(statements: readonly SqlStatement[], beforeIndex: number): SessionZone {
  let zone: SessionZone = { utc: false };
  for (const statement of statements.slice(0, beforeIndex)) {
    if (statement.kind !== 'VariableSetStmt' || String(statement.ast?.name).toLowerCase() !== 'timezone') continue;
    const value = nodeOf(asArray(statement.ast?.args)[0], 'A_Const')?.sval as AstObject | undefined;
    const written = typeof value?.sval === 'string' ? value.sval : undefined;
    // SET timezone TO DEFAULT / RESET leaves the server's zone, which dbarch cannot see.
    zone = written === undefined ? { utc: false } : { utc: UTC_ZONES.test(written), set: UTC_ZONES.test(written) ? undefined : written };
  }
  return zone;
}
