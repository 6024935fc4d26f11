import { defineRule } from './api/define-rule.js';
import { alterTableCommands } from './support/alter-table.js';
import { relationName, walkNodes } from '../parse/sql/ast.js';
import type { SqlStatement } from '../parse/sql/parse-sql.js';
import { findInStatement, identifierPattern } from './support/statement-text.js';

/**
 * Dropping a constraint is quick lock-wise, but from then on the database stops enforcing it:
 * integrity that the application and other constraints relied on is gone.
 */
export default defineRule({
  id: 'drop-constraint',
  summary: 'DROP CONSTRAINT on an existing table stops the database enforcing that rule on its data',
  risk: 'safe',
  severity: 'notice',
  category: 'safety',
  help: 'Make sure the rule is enforced elsewhere or no longer needed; to change a constraint, add the new one (NOT VALID, then VALIDATE) before dropping the old.',
  checkStatement({ statement, statements, facts, report }) {
    const alter = alterTableCommands(statement);
    if (!alter || facts.isNewTable(alter.table)) return;
    const { table } = alter;
    for (const command of alter.commands) {
      const name = command.subtype === 'AT_DropConstraint' && typeof command.name === 'string' ? command.name : undefined;
      if (!name || facts.constraints.get(name)?.origin === 'change') continue;
      if (constraintDefinitions(statements.slice(statement.index), table).has(name)) continue;
      const span = findInStatement(
        statement,
        new RegExp(`(?<=\\bDROP\\s+CONSTRAINT\\s+(?:IF\\s+EXISTS\\s+)?)${identifierPattern(name)}`, 'i'),
      );
      const type = constraintDefinitions(statements.slice(0, statement.index), table).get(name) ?? typeFromName(name);
      report({
        message: `Dropping constraint "${name}" from existing table "${table}" is quick (a brief ACCESS EXCLUSIVE lock), but ${CONSEQUENCES[type]}`,
        location: span?.location,
        length: span?.length,
      });
    }
  },
});

type ConstraintType = 'foreign' | 'check' | 'unique' | 'primary' | 'exclusion' | 'unknown' | 'foreign?' | 'check?' | 'unique?' | 'primary?';

const CONSEQUENCES: Record<ConstraintType, string> = {
  foreign:
    'the database stops checking that its rows point to existing rows: orphans can appear and ON DELETE actions stop. ' +
    'The drop also locks the referenced table briefly. Make sure nothing relies on it, or replace it first.',
  check:
    'values the check used to reject can be stored from then on, and readers that relied on it may break. Make sure nothing relies on it, or replace it first.',
  unique:
    'duplicates can be stored from then on, and the unique index behind it is dropped too: lookups that used it become scans, ' +
    'and foreign keys that reference it must go first (CASCADE drops them without asking).',
  primary:
    'duplicate or missing keys can be stored from then on, and its index is dropped too: lookups by key become scans, logical replication ' +
    'loses the replica identity, and foreign keys that reference it must go first (CASCADE drops them without asking).',
  exclusion: 'overlapping rows can be stored from then on, and its index is dropped too. Make sure nothing relies on it.',
  unknown:
    'the database stops enforcing it. dbarch cannot tell from its name whether it is a foreign key (orphans become possible), a check ' +
    '(rejected values become possible), or a unique or primary key (duplicates become possible, and its index goes too). Make sure nothing relies on it.',
  'foreign?':
    'judging by its name it is a foreign key: orphan rows can appear from then on, and ON DELETE actions stop. Make sure nothing relies on it.',
  'check?':
    'judging by its name it is a check constraint: values it used to reject can be stored from then on. Make sure nothing relies on it.',
  'unique?':
    'judging by its name it is a unique constraint: duplicates can be stored from then on, and its index is dropped too (lookups become scans).',
  'primary?':
    'judging by its name it is the primary key: duplicate keys can be stored from then on, its index is dropped too, and logical replication loses the replica identity.',
};

const TYPES: Record<string, ConstraintType> = {
  CONSTR_FOREIGN: 'foreign',
  CONSTR_CHECK: 'check',
  CONSTR_UNIQUE: 'unique',
  CONSTR_PRIMARY: 'primary',
  CONSTR_EXCLUSION: 'exclusion',
};

/** Named constraints the statements define on a table, with their type. */
function constraintDefinitions(statements: readonly SqlStatement[], table: string): Map<string, ConstraintType> {
  const found = new Map<string, ConstraintType>();
  for (const statement of statements) {
    if (!['CreateStmt', 'AlterTableStmt'].includes(statement.kind) || relationName(statement.ast?.relation) !== table) continue;
    walkNodes(statement.ast?.tableElts ?? statement.ast?.cmds, (kind, fields) => {
      const type = TYPES[String(fields.contype)];
      if (kind === 'Constraint' && typeof fields.conname === 'string' && type) found.set(fields.conname, type);
    });
  }
  return found;
}

/** PostgreSQL's default constraint names end in _pkey, _fkey, _key or _check. */
function typeFromName(name: string): ConstraintType {
  if (name.endsWith('_pkey')) return 'primary?';
  if (name.endsWith('_fkey')) return 'foreign?';
  if (name.endsWith('_check')) return 'check?';
  if (name.endsWith('_key')) return 'unique?';
  return 'unknown';
}
