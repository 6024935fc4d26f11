import {
  blockCommentEnd,
  codeOnly,
  dollarQuotedEnd,
  isIdentifierCode,
  isSpaceCode,
  isWordStartCode,
  lineEnd,
  literalEnd,
} from './lexical.js';

/**
 * Splits a SQL script into statements the way psql would read it, without parsing: quotes,
 * dollar quotes, nested block comments, psql meta-commands (`\set`, `\i`, `… \gset`), COPY … FROM
 * stdin data and SQL-standard `BEGIN ATOMIC … END` bodies are honoured. Splitting first lets the
 * parser see one statement at a time (small ASTs, bounded memory) and lets one syntax error spoil
 * only its own statement instead of the whole file.
 *
 * It runs over every byte of every file under review (tens of MB for data-heavy migrations), so it
 * scans character codes, jumps over quoted text and comments with indexOf, and allocates only for
 * the chunks it returns: linear time, no per-character strings.
 */

export interface StatementChunk {
  /** Character offsets into the file text: [start, end), end excludes the terminating `;`. */
  start: number;
  end: number;
  /** True when the statement ended with `;` (or psql's `\g`), false at end of file or before another meta-command. */
  terminated: boolean;
}

export interface MetaCommand {
  start: number;
  end: number;
  text: string;
}

export interface CommentSpan {
  start: number;
  end: number;
  text: string;
}

export interface SplitResult {
  statements: StatementChunk[];
  metaCommands: MetaCommand[];
  comments: CommentSpan[];
}

/**
 * `COPY table [(columns)] FROM STDIN`, on the statement's code only (copyShape): the grammar's only
 * form whose data follows in the script. Matching "FROM STDIN" anywhere in the text instead read
 * `COPY t TO STDOUT WITH (NULL 'FROM STDIN');` or `COPY (SELECT … FROM stdin) TO …` as one, and the
 * statements after it as its data, hidden from the review.
 */
const COPY_FROM_STDIN = /^COPY\s+(?:BINARY\s+)?(?:""|[^\s."()]+)(?:\s*\.\s*(?:""|[^\s."()]+))?\s*(?:\([^()]*\)\s*)?FROM\s+STDIN\b/i;
/** psql meta-commands that send the query buffer, like `;` does. */
const SENDS_BUFFER = /^\\(?:g|gx|gset|gexec|gdesc|crosstabview|watch)(?![A-Za-z])/;

const enum Code {
  Tab = 9,
  Newline = 10,
  VerticalTab = 11,
  FormFeed = 12,
  Return = 13,
  Space = 32,
  DoubleQuote = 34,
  Dollar = 36,
  Quote = 39,
  OpenParen = 40,
  CloseParen = 41,
  Star = 42,
  Minus = 45,
  Slash = 47,
  Semicolon = 59,
  Backslash = 92,
}

/** Keywords that open or close SQL-standard function bodies; other words only matter as "not these". */
const enum Word {
  Other,
  Begin,
  Atomic,
  Case,
  End,
}

export function splitStatements(text: string): SplitResult {
  const statements: StatementChunk[] = [];
  const metaCommands: MetaCommand[] = [];
  const comments: CommentSpan[] = [];
  let statementStart = -1; // offset of the first significant character of the current statement
  let atomicDepth = 0; // > 0 inside BEGIN ATOMIC … END
  let parenDepth = 0; // psql does not end a statement at a `;` inside parentheses (CREATE RULE … DO (a; b))
  let previousWord = Word.Other;
  let index = 0;
  const length = text.length;

  const finishStatement = (end: number, terminated: boolean): void => {
    if (statementStart >= 0) {
      statements.push({ start: statementStart, end, terminated });
      if (terminated && isCopyFromStdin(text, statementStart, end)) index = skipCopyData(text, index);
    }
    statementStart = -1;
    atomicDepth = 0;
    parenDepth = 0;
    previousWord = Word.Other;
  };

  while (index < length) {
    const code = text.charCodeAt(index);
    if (code === Code.Minus && text.charCodeAt(index + 1) === Code.Minus) {
      const end = lineEnd(text, index);
      comments.push({ start: index, end, text: text.slice(index, end) });
      index = end;
    } else if (code === Code.Slash && text.charCodeAt(index + 1) === Code.Star) {
      const end = blockCommentEnd(text, index);
      comments.push({ start: index, end, text: text.slice(index, end) });
      index = end;
    } else if (code === Code.Backslash && text.charCodeAt(index + 1) === Code.Semicolon) {
      // psql's `\;` is no meta-command: it puts a `;` in the query buffer and reading goes on, so in
      // `SELECT 1 \; DROP TABLE users;` both statements run (sent as one query string).
      if (statementStart >= 0) finishStatement(trimmedEnd(text, statementStart, index), true);
      index += 2;
    } else if (code === Code.Backslash) {
      // Outside quotes a backslash always starts a psql meta-command, which runs to the end of the line.
      const end = lineEnd(text, index);
      const command = text.slice(index, end).trimEnd();
      metaCommands.push({ start: index, end, text: command });
      // `\g` and friends send the buffer like `;`. Other meta-commands do not end the statement in
      // psql, but statements in migrations never span one, so treat them as a boundary too.
      const sends = SENDS_BUFFER.test(command);
      if (statementStart >= 0) finishStatement(trimmedEnd(text, statementStart, index), sends);
      index = Math.max(index, end);
    } else if (code === Code.Quote || code === Code.DoubleQuote) {
      if (statementStart < 0) statementStart = index;
      index = literalEnd(text, index);
      previousWord = Word.Other;
    } else if (code === Code.Dollar && (statementStart < 0 || !isIdentifierCode(text.charCodeAt(index - 1)))) {
      if (statementStart < 0) statementStart = index;
      index = dollarQuotedEnd(text, index);
      previousWord = Word.Other;
    } else if (code === Code.OpenParen || code === Code.CloseParen) {
      if (statementStart < 0) statementStart = index;
      parenDepth = Math.max(0, parenDepth + (code === Code.OpenParen ? 1 : -1));
      index += 1;
    } else if (code === Code.Semicolon) {
      index += 1;
      if (atomicDepth === 0 && parenDepth === 0) finishStatement(index - 1, true);
    } else if (isWordStartCode(code) && !isIdentifierCode(text.charCodeAt(index - 1))) {
      if (statementStart < 0) statementStart = index;
      const end = wordEnd(text, index + 1);
      const word = classifyWord(text, index, end);
      atomicDepth = trackAtomic(atomicDepth, previousWord, word);
      previousWord = word;
      index = end;
    } else {
      if (statementStart < 0 && !isSpaceCode(code)) statementStart = index;
      index += 1;
    }
  }
  if (statementStart >= 0) finishStatement(trimmedEnd(text, statementStart, length), false);
  return { statements, metaCommands, comments };
}

/** BEGIN ATOMIC bodies contain `;`: count block openers until the matching END. */
function trackAtomic(depth: number, previous: Word, word: Word): number {
  if (previous === Word.Begin && word === Word.Atomic) return depth + 1;
  if (depth === 0) return 0;
  if (word === Word.Case || (word === Word.Begin && previous !== Word.End)) return depth + 1;
  if (word === Word.End) return depth - 1;
  return depth;
}

function classifyWord(text: string, start: number, end: number): Word {
  const length = end - start;
  if (length < 3 || length > 6) return Word.Other;
  switch (text.slice(start, end).toUpperCase()) {
    case 'BEGIN':
      return Word.Begin;
    case 'ATOMIC':
      return Word.Atomic;
    case 'CASE':
      return Word.Case;
    case 'END':
      return Word.End;
    default:
      return Word.Other;
  }
}

/** End of an identifier-like word: letters, digits and `_` (what the keyword tracking needs). */
function wordEnd(text: string, from: number): number {
  let index = from;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (!isWordStartCode(code) && !(code >= 48 && code <= 57)) break;
    index += 1;
  }
  return index;
}

function isCopyFromStdin(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start) | 0x20;
  return first === 0x63 /* c */ && copyReadsStdin(text.slice(start, end));
}

/** Whether a COPY statement (without its `;`) reads rows that follow it in the script. */
export function copyReadsStdin(statement: string): boolean {
  return COPY_FROM_STDIN.test(codeOnly(statement));
}

/** COPY … FROM stdin: the data lines that follow, through the `\.` line, are not SQL. */
function skipCopyData(text: string, from: number): number {
  const terminator = /^\\\.[ \t\r]*$/m;
  const rest = text.slice(from);
  const match = terminator.exec(rest);
  return match ? from + match.index + match[0].length : text.length;
}

function trimmedEnd(text: string, start: number, end: number): number {
  let cursor = end;
  while (cursor > start && isSpaceCode(text.charCodeAt(cursor - 1))) cursor -= 1;
  return cursor;
}
