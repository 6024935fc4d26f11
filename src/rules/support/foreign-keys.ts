import type { SqlStatement } from '../../parse/sql/parse-sql.js';
import { asArray, nodeOf, relationName, stringList, walkNodes, type AstObject } from '../../parse/sql/ast.js';
import { characterOffsetOf } from './statement-text.js';

/**
 * Foreign keys a statement creates: in CREATE TABLE (column REFERENCES or table FOREIGN KEY) and
 * in ALTER TABLE (ADD CONSTRAINT … FOREIGN KEY, ADD COLUMN … REFERENCES).
 */
export interface CreatedForeignKey {
  /** Referencing table (normalised name). */
  table: string;
  /** Referencing columns, in key order. */
  columns: string[];
  referencedTable: string | undefined;
  name: string | undefined;
  /** Byte offset of the constraint in the statement. */
  location: number | undefined;
  /** Whether the statement spells out ON DELETE (NO ACTION is the default, so it must be read from the text). */
  explicitOnDelete: boolean;
  /** Whether the column holding the key is defined by the same statement. */
  columnsDefinedHere: boolean;
}

interface Candidate {
  constraint: AstObject;
  columns: string[];
  columnsDefinedHere: boolean;
}

export function foreignKeysIn(statement: SqlStatement): CreatedForeignKey[] {
  const ast = statement.ast;
  const table = relationName(ast?.relation);
  if (!ast || !table) return [];
  const candidates =
    statement.kind === 'CreateStmt' ? createTableCandidates(ast) : statement.kind === 'AlterTableStmt' ? alterTableCandidates(ast) : [];
  const boundaries = elementLocations(statement);
  return candidates.map(({ constraint, columns, columnsDefinedHere }) => ({
    table,
    columns,
    referencedTable: relationName(constraint.pktable),
    name: typeof constraint.conname === 'string' ? constraint.conname : undefined,
    location: typeof constraint.location === 'number' ? constraint.location : undefined,
    explicitOnDelete: constraint.fk_del_action !== 'a' || spellsOnDelete(statement, constraint, boundaries),
    columnsDefinedHere,
  }));
}

function isForeignKey(item: unknown): AstObject | undefined {
  const constraint = nodeOf(item, 'Constraint');
  return constraint?.contype === 'CONSTR_FOREIGN' ? constraint : undefined;
}

function columnCandidates(column: AstObject): Candidate[] {
  return asArray(column.constraints)
    .map(isForeignKey)
    .filter((constraint): constraint is AstObject => !!constraint)
    .map((constraint) => ({ constraint, columns: [String(column.colname)], columnsDefinedHere: true }));
}

function createTableCandidates(ast: AstObject): Candidate[] {
  const candidates: Candidate[] = [];
  for (const element of asArray(ast.tableElts)) {
    const column = nodeOf(element, 'ColumnDef');
    if (column) candidates.push(...columnCandidates(column));
    const constraint = isForeignKey(element);
    if (constraint) candidates.push({ constraint, columns: stringList(constraint.fk_attrs), columnsDefinedHere: true });
  }
  return candidates;
}

function alterTableCandidates(ast: AstObject): Candidate[] {
  const candidates: Candidate[] = [];
  const added = new Set<string>();
  for (const item of asArray(ast.cmds)) {
    const command = nodeOf(item, 'AlterTableCmd');
    const column = command?.subtype === 'AT_AddColumn' ? nodeOf(command.def, 'ColumnDef') : undefined;
    if (column) {
      added.add(String(column.colname));
      candidates.push(...columnCandidates(column));
    }
    const constraint = command?.subtype === 'AT_AddConstraint' ? isForeignKey(command.def) : undefined;
    if (constraint) {
      const columns = stringList(constraint.fk_attrs);
      candidates.push({ constraint, columns, columnsDefinedHere: columns.every((name) => added.has(name)) });
    }
  }
  return candidates;
}

/** Start offsets of every column definition and constraint: one constraint's text ends where the next element starts. */
function elementLocations(statement: SqlStatement): number[] {
  const locations: number[] = [];
  walkNodes(statement.node, (kind, fields) => {
    if ((kind === 'Constraint' || kind === 'ColumnDef') && typeof fields.location === 'number') locations.push(fields.location);
  });
  return locations.sort((a, b) => a - b);
}

function spellsOnDelete(statement: SqlStatement, constraint: AstObject, boundaries: number[]): boolean {
  if (typeof constraint.location !== 'number') return false;
  const start = constraint.location;
  const end = boundaries.find((location) => location > start);
  const text = statement.text.slice(
    characterOffsetOf(statement.text, start),
    end === undefined ? undefined : characterOffsetOf(statement.text, end),
  );
  return /\bON\s+DELETE\b/i.test(text);
}
