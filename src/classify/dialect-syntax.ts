import type { ForeignDialect } from './sql-dialect.js';
import { lineAt, scanTokens, type SqlToken } from './sql-tokens.js';

/**
 * Syntax that PostgreSQL never accepts and another dialect writes all the time: MySQL's backtick
 * identifiers and AUTO_INCREMENT, SQLite's PRAGMA and AUTOINCREMENT, ClickHouse's ON CLUSTER and
 * table engines, SQL Server's IDENTITY(1,1) and GO batches, Oracle's VARCHAR2. Found on tokens
 * (sql-tokens.ts), so strings, comments and function bodies of a PostgreSQL file never count, and
 * each signal is tied to the place it means something (ENGINE only as a CREATE option, GO only
 * alone on its line, BEGIN only as a trigger body) so a column named `engine` or `go` does not.
 * The first signal decides; the scan stops there.
 */

export interface SyntaxSignal {
  dialect: ForeignDialect;
  /** What was seen, for the skip reason: "backtick-quoted identifier". */
  evidence: string;
  line: number;
}

/** Beyond this many characters a file is taken as it looked so far (data loads reach 20 MB). */
export const SYNTAX_SCAN_LIMIT = 2_000_000;

const MYSQL_WORDS: Record<string, string> = {
  auto_increment: 'AUTO_INCREMENT',
  unsigned: 'UNSIGNED',
  tinyint: 'type TINYINT',
  mediumint: 'type MEDIUMINT',
  tinytext: 'type TINYTEXT',
  mediumtext: 'type MEDIUMTEXT',
  longtext: 'type LONGTEXT',
  tinyblob: 'type TINYBLOB',
  mediumblob: 'type MEDIUMBLOB',
  longblob: 'type LONGBLOB',
};
const CLICKHOUSE_WORDS = new Set([
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'uint128',
  'uint256',
  'float32',
  'float64',
  'datetime64',
  'lowcardinality',
  'fixedstring',
]);
const MYSQL_ENGINES = new Set(['innodb', 'myisam', 'memory', 'aria', 'archive', 'csv', 'blackhole', 'federated', 'ndbcluster', 'rocksdb']);
/** Words between CREATE and the kind of object it creates. */
const CREATE_MODIFIERS = new Set([
  'or',
  'replace',
  'temporary',
  'temp',
  'unlogged',
  'global',
  'local',
  'materialized',
  'if',
  'not',
  'exists',
]);
/** After one of these at the top level, a CREATE statement is in a query, where `engine = …` is a column. */
const QUERY_WORDS = new Set(['as', 'select', 'where', 'from']);

interface StatementState {
  words: string[];
  /** The object a CREATE/ALTER/DROP names: table, trigger, database… */
  object?: string;
  depth: number;
  inQuery: boolean;
  executed: boolean;
}

/**
 * Raw-text patterns of which a file needs one for any signal to be possible. Most PostgreSQL files
 * match none, and then need no token scan (a 300-file base is scanned on every review); a match
 * only means the tokens are looked at, since it may sit in a string or a comment.
 */
const CANDIDATES =
  /`|auto_?increment|unsigned|tiny(?:int|text|blob)|medium(?:int|text|blob)|long(?:text|blob)|engine|pragma|delimiter|rowid|insert\s+or|on\s+update\s+current_timestamp|uint\d|float(?:32|64)|datetime64|lowcardinality|fixedstring|nullable|on\s+cluster|n?varchar2|nonclustered|identity\s*\(\s*\d|\(\s*max\s*\)|^\s*go\b|\bafter\s+[`"\w]/im;

export function foreignSyntax(text: string): SyntaxSignal | undefined {
  const head = text.length > SYNTAX_SCAN_LIMIT ? text.slice(0, SYNTAX_SCAN_LIMIT) : text;
  if (!CANDIDATES.test(head) && !(/trigger/i.test(head) && /begin/i.test(head))) return undefined;
  const window: SqlToken[] = [];
  let statement = freshStatement();
  let found: SyntaxSignal | undefined;
  scanTokens(text, SYNTAX_SCAN_LIMIT, (token) => {
    if (token.type === 'punct' && token.value === ';') {
      statement = freshStatement();
      window.length = 0;
      return false;
    }
    window.push(token);
    if (window.length > 6) window.shift();
    track(statement, token);
    const signal = signalAt(window, statement, text);
    if (signal) found = { ...signal, line: lineAt(text, token.start) };
    return found !== undefined;
  });
  return found;
}

function freshStatement(): StatementState {
  return { words: [], depth: 0, inQuery: false, executed: false };
}

function track(statement: StatementState, token: SqlToken): void {
  if (token.value === '(') statement.depth += 1;
  else if (token.value === ')') statement.depth = Math.max(0, statement.depth - 1);
  if (token.type !== 'word') return;
  if (statement.words.length < 8) statement.words.push(token.value);
  const verb = statement.words[0];
  if (statement.object === undefined && statement.words.length > 1 && (verb === 'create' || verb === 'alter' || verb === 'drop')) {
    if (!CREATE_MODIFIERS.has(token.value)) statement.object = token.value;
  }
  if (statement.depth === 0 && QUERY_WORDS.has(token.value)) statement.inQuery = true;
  if (token.value === 'execute') statement.executed = true;
}

type Found = Omit<SyntaxSignal, 'line'>;

/** Words that may be (part of) a signal; every other word can only be an ENGINE's name. */
const SIGNAL_WORDS = new Set([
  ...Object.keys(MYSQL_WORDS),
  ...CLICKHOUSE_WORDS,
  'go',
  'pragma',
  'delimiter',
  'autoincrement',
  'rowid',
  'or',
  'current_timestamp',
  'cluster',
  'varchar2',
  'nvarchar2',
  'nonclustered',
  'begin',
  'after',
]);

function back(window: readonly SqlToken[], steps: number): string | undefined {
  return window[window.length - 1 - steps]?.value;
}

function signalAt(window: readonly SqlToken[], statement: StatementState, text: string): Found | undefined {
  const token = window[window.length - 1]!;
  if (token.type === 'punct') return punctuationSignal(window, token);
  if (token.type !== 'word') return undefined;
  if (!SIGNAL_WORDS.has(token.value)) return engineSignal(window, statement, text);
  const value = token.value;
  // T-SQL ends a batch with GO and often no semicolon, so GO need not start a statement here.
  if (value === 'go' && aloneOnLine(text, token)) return { dialect: 'sqlserver', evidence: 'GO batch separator' };
  if (statement.words.length === 1 && window.length === 1) return statementStartSignal(token);
  if (MYSQL_WORDS[value]) return { dialect: 'mysql', evidence: MYSQL_WORDS[value]! };
  if (value === 'autoincrement') return { dialect: 'sqlite', evidence: 'AUTOINCREMENT' };
  if (value === 'rowid' && back(window, 1) === 'without') return { dialect: 'sqlite', evidence: 'WITHOUT ROWID' };
  if (value === 'or' && statement.words.length === 2 && statement.words[0] === 'insert')
    return { dialect: 'sqlite', evidence: 'INSERT OR …' };
  if (value === 'current_timestamp' && back(window, 1) === 'update' && back(window, 2) === 'on')
    return { dialect: 'mysql', evidence: 'ON UPDATE CURRENT_TIMESTAMP' };
  if (CLICKHOUSE_WORDS.has(value)) return { dialect: 'clickhouse', evidence: `type ${original(text, token)}` };
  if (value === 'cluster' && back(window, 1) === 'on' && isClusterObject(statement.object))
    return { dialect: 'clickhouse', evidence: 'ON CLUSTER' };
  if (value === 'varchar2' || value === 'nvarchar2') return { dialect: 'oracle', evidence: value.toUpperCase() };
  if (value === 'nonclustered') return { dialect: 'sqlserver', evidence: 'NONCLUSTERED' };
  if (value === 'after' && isColumnPosition(window, statement))
    return { dialect: 'mysql', evidence: 'column position ADD COLUMN … AFTER (MySQL and ClickHouse syntax)' };
  return engineSignal(window, statement, text) ?? triggerBodySignal(token, statement);
}

function punctuationSignal(window: readonly SqlToken[], token: SqlToken): Found | undefined {
  if (token.value === '`') return { dialect: 'mysql', evidence: 'backtick-quoted identifier' };
  if (token.value === '(' && back(window, 1) === 'nullable') return { dialect: 'clickhouse', evidence: 'type Nullable(…)' };
  if (token.value === ')') return closingParenSignal(window);
  return undefined;
}

function statementStartSignal(token: SqlToken): Found | undefined {
  if (token.value === 'pragma') return { dialect: 'sqlite', evidence: 'PRAGMA statement' };
  if (token.value === 'delimiter') return { dialect: 'mysql', evidence: 'DELIMITER command' };
  return undefined;
}

/** `GO` (or `GO 5`) on a line of its own: sqlcmd's batch separator. */
function aloneOnLine(text: string, token: SqlToken): boolean {
  const lineStart = text.lastIndexOf('\n', token.start - 1) + 1;
  const newline = text.indexOf('\n', token.start);
  return /^\s*go(?:\s+\d+)?\s*$/i.test(text.slice(lineStart, newline < 0 ? text.length : newline));
}

function closingParenSignal(window: readonly SqlToken[]): Found | undefined {
  const before = back(window, 1);
  if (before !== 'max' && window.at(-2)?.type !== 'number') return undefined;
  const values = window.map((token) => token.value);
  const last = values.slice(-6);
  if (last.length === 6 && last[0] === 'identity' && last[1] === '(' && last[3] === ',' && window.at(-4)!.type === 'number')
    return { dialect: 'sqlserver', evidence: 'IDENTITY(seed, increment)' };
  const [type, open, size] = values.slice(-4, -1);
  if (open === '(' && size === 'max' && (type === 'varchar' || type === 'nvarchar' || type === 'varbinary'))
    return { dialect: 'sqlserver', evidence: `${type.toUpperCase()}(MAX)` };
  return undefined;
}

/** A word token as it is written in the file (tokens carry it lowercased). */
function original(text: string, token: SqlToken): string {
  return text.slice(token.start, token.start + token.value.length);
}

/** `ALTER TABLE t ADD COLUMN c int AFTER b`: after a column's type, not where AFTER names a column (`ADD COLUMN after`, `TO after`). */
function isColumnPosition(window: readonly SqlToken[], statement: StatementState): boolean {
  if (statement.words[0] !== 'alter' || statement.object !== 'table' || statement.depth !== 0) return false;
  const before = back(window, 1);
  return (
    before !== undefined && before !== 'column' && before !== 'add' && before !== 'to' && before !== ',' && statement.words.includes('add')
  );
}

function isClusterObject(object: string | undefined): boolean {
  return object === 'table' || object === 'database' || object === 'view' || object === 'dictionary';
}

/** `ENGINE = InnoDB` (MySQL) or `ENGINE = MergeTree` (ClickHouse): a CREATE option, outside the column list. */
function engineSignal(window: readonly SqlToken[], statement: StatementState, text: string): Found | undefined {
  if (statement.words[0] !== 'create' || statement.depth !== 0 || statement.inQuery) return undefined;
  if (back(window, 1) !== 'engine' && back(window, 2) !== 'engine') return undefined;
  const [engine, equals, name] = window.slice(-3).map((token) => token.value);
  const value = engine === 'engine' && equals === '=' ? name : equals === 'engine' ? name : undefined;
  if (value === undefined || window.at(-1)!.type !== 'word') return undefined;
  if (equals === 'engine' && !MYSQL_ENGINES.has(value) && !/mergetree$/.test(value)) return undefined;
  const dialect = MYSQL_ENGINES.has(value) ? 'mysql' : 'clickhouse';
  return { dialect, evidence: `table option ENGINE ${original(text, window.at(-1)!)}` };
}

/** PostgreSQL triggers EXECUTE a function; SQLite and MySQL write the body in BEGIN … END. */
function triggerBodySignal(token: SqlToken, statement: StatementState): Found | undefined {
  if (token.value !== 'begin' || statement.words[0] !== 'create' || statement.object !== 'trigger' || statement.executed) return undefined;
  return { dialect: 'sqlite', evidence: 'a trigger body in BEGIN … END (SQLite and MySQL syntax)' };
}
