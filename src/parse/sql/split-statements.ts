/**
 * Splits a SQL script into statements the way psql would read it, without parsing: quotes,
 * dollar quotes, nested block comments, psql meta-command lines (`\set`, `\i` …), COPY … FROM stdin
 * data and SQL-standard `BEGIN ATOMIC … END` bodies are honoured. Splitting first lets the parser see
 * one statement at a time (small ASTs, bounded memory) and lets one syntax error spoil only its own
 * statement instead of the whole file.
 */

export interface StatementChunk {
  /** Character offsets into the file text: [start, end), end excludes the terminating `;`. */
  start: number;
  end: number;
  /** True when the statement ended with `;` (false at end of file or before a meta-command). */
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

const DOLLAR_TAG = /\$([A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*)?\$/y;
const WORD = /[A-Za-z_][A-Za-z_0-9]*/y;
const COPY_FROM_STDIN = /^\s*COPY\b[\s\S]*\bFROM\s+STDIN\b/i;

export function splitStatements(text: string): SplitResult {
  const statements: StatementChunk[] = [];
  const metaCommands: MetaCommand[] = [];
  const comments: CommentSpan[] = [];
  let statementStart = -1; // offset of the first significant character of the current statement
  let atomicDepth = 0; // > 0 inside BEGIN ATOMIC … END
  let parenDepth = 0; // psql does not end a statement at a `;` inside parentheses (CREATE RULE … DO (a; b))
  let previousWord = '';
  let index = 0;
  const length = text.length;

  const finishStatement = (end: number, terminated: boolean): void => {
    if (statementStart >= 0) {
      statements.push({ start: statementStart, end, terminated });
      if (terminated && COPY_FROM_STDIN.test(text.slice(statementStart, end))) index = skipCopyData(text, index);
    }
    statementStart = -1;
    atomicDepth = 0;
    parenDepth = 0;
    previousWord = '';
  };

  while (index < length) {
    const char = text[index]!;
    const next = text[index + 1];
    if (char === '-' && next === '-') {
      const end = lineEnd(text, index);
      comments.push({ start: index, end, text: text.slice(index, end) });
      index = end;
    } else if (char === '/' && next === '*') {
      const end = blockCommentEnd(text, index);
      comments.push({ start: index, end, text: text.slice(index, end) });
      index = end;
    } else if (char === '\\' && isLineStart(text, index)) {
      const end = lineEnd(text, index);
      metaCommands.push({ start: index, end, text: text.slice(index, end).trimEnd() });
      // A meta-command line ends the statement buffer in psql only for some commands; statements in
      // migrations never span one, so treat it as a boundary.
      if (statementStart >= 0) finishStatement(trimmedEnd(text, statementStart, index), false);
      index = end;
    } else if (char === "'" || char === '"') {
      if (statementStart < 0) statementStart = index;
      index = quotedEnd(text, index, char, char === "'" && isEscapeString(text, index));
      previousWord = '';
    } else if (char === '$' && (statementStart < 0 || !isIdentifierChar(text[index - 1]))) {
      DOLLAR_TAG.lastIndex = index;
      const match = DOLLAR_TAG.exec(text);
      if (statementStart < 0) statementStart = index;
      if (match) {
        const close = text.indexOf(match[0], index + match[0].length);
        index = close < 0 ? length : close + match[0].length;
      } else {
        index += 1;
      }
      previousWord = '';
    } else if (char === '(' || char === ')') {
      if (statementStart < 0) statementStart = index;
      parenDepth = Math.max(0, parenDepth + (char === '(' ? 1 : -1));
      index += 1;
    } else if (char === ';') {
      if (atomicDepth > 0 || parenDepth > 0) {
        index += 1;
      } else {
        index += 1;
        finishStatement(index - 1, true);
      }
    } else if (isWordStart(char) && !isIdentifierChar(text[index - 1])) {
      if (statementStart < 0) statementStart = index;
      WORD.lastIndex = index;
      const word = WORD.exec(text)![0].toUpperCase();
      atomicDepth = trackAtomic(atomicDepth, previousWord, word);
      previousWord = word;
      index += word.length;
    } else {
      if (statementStart < 0 && !isSpace(char)) statementStart = index;
      index += 1;
    }
  }
  if (statementStart >= 0) finishStatement(trimmedEnd(text, statementStart, length), false);
  return { statements, metaCommands, comments };
}

/** BEGIN ATOMIC bodies contain `;`: count block openers until the matching END. */
function trackAtomic(depth: number, previous: string, word: string): number {
  if (previous === 'BEGIN' && word === 'ATOMIC') return depth + 1;
  if (depth === 0) return 0;
  if (word === 'CASE' || (word === 'BEGIN' && previous !== 'END')) return depth + 1;
  if (word === 'END') return depth - 1;
  return depth;
}

function skipCopyData(text: string, from: number): number {
  const terminator = /^\\\.\s*$/m;
  const rest = text.slice(from);
  const match = terminator.exec(rest);
  return match ? from + match.index + match[0].length : text.length;
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}

function blockCommentEnd(text: string, from: number): number {
  let depth = 0;
  let index = from;
  while (index < text.length) {
    if (text[index] === '/' && text[index + 1] === '*') {
      depth += 1;
      index += 2;
    } else if (text[index] === '*' && text[index + 1] === '/') {
      depth -= 1;
      index += 2;
      if (depth === 0) return index;
    } else {
      index += 1;
    }
  }
  return text.length;
}

function quotedEnd(text: string, from: number, quote: string, backslashEscapes: boolean): number {
  let index = from + 1;
  while (index < text.length) {
    const char = text[index];
    if (backslashEscapes && char === '\\') {
      index += 2;
    } else if (char === quote) {
      if (text[index + 1] === quote) index += 2;
      else return index + 1;
    } else {
      index += 1;
    }
  }
  return text.length;
}

function isEscapeString(text: string, quoteIndex: number): boolean {
  const before = text[quoteIndex - 1];
  return (before === 'E' || before === 'e') && !isIdentifierChar(text[quoteIndex - 2]);
}

function isLineStart(text: string, index: number): boolean {
  for (let cursor = index - 1; cursor >= 0; cursor -= 1) {
    const char = text[cursor];
    if (char === '\n') return true;
    if (char !== ' ' && char !== '\t') return false;
  }
  return true;
}

function trimmedEnd(text: string, start: number, end: number): number {
  let cursor = end;
  while (cursor > start && isSpace(text[cursor - 1]!)) cursor -= 1;
  return cursor;
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\n' || char === '\t' || char === '\r' || char === '\f' || char === '\v';
}

function isWordStart(char: string): boolean {
  return (char >= 'A' && char <= 'Z') || (char >= 'a' && char <= 'z') || char === '_';
}

function isIdentifierChar(char: string | undefined): boolean {
  if (char === undefined) return false;
  return isWordStart(char) || (char >= '0' && char <= '9') || char === '$' || char > '\u007f';
}
