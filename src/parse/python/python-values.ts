import type { Node } from 'web-tree-sitter';

/**
 * Static values of Python expressions: what a migration's literal arguments say, without running
 * anything. Only literals, names, calls, sequences and dicts are understood; everything else is
 * `unknown` with the reason, so callers can say what they could not resolve instead of guessing.
 * Values hold character offsets, not tree nodes, so they outlive the tree.
 */

export interface Span {
  start: number;
  end: number;
}

/** A run of a string's value copied verbatim from the source (no escapes in it). */
export interface StringPiece {
  /** Offset in the string's value. */
  offset: number;
  /** Offset in the file. */
  source: number;
  length: number;
}

export type PyValue =
  | { type: 'str'; value: string; span: Span; pieces: StringPiece[] }
  | { type: 'num'; value: string; span: Span }
  | { type: 'bool'; value: boolean; span: Span }
  | { type: 'none'; span: Span }
  | { type: 'name'; name: string; span: Span }
  | { type: 'call'; callee: string | undefined; args: PyValue[]; kwargs: Map<string, PyValue>; span: Span }
  | { type: 'seq'; items: PyValue[]; span: Span }
  | { type: 'dict'; entries: Array<[PyValue, PyValue]>; span: Span }
  | { type: 'unknown'; why: string; span: Span };

/** Names bound to values by simple assignments (`table = "users"`), innermost scope first. */
export type Scope = ReadonlyMap<string, PyValue>;

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' };

export function spanOf(node: Node): Span {
  return { start: node.startIndex, end: node.endIndex };
}

export function evaluate(node: Node | null | undefined, scope: Scope = new Map()): PyValue {
  if (!node) return { type: 'unknown', why: 'missing expression', span: { start: 0, end: 0 } };
  const span = spanOf(node);
  switch (node.type) {
    case 'string':
      return stringValue(node);
    case 'concatenated_string':
      return joinStrings(
        node.namedChildren.map((part) => stringValue(part)),
        span,
      );
    case 'integer':
    case 'float':
      return { type: 'num', value: node.text.replace(/_/g, ''), span };
    case 'unary_operator':
      return negative(node, scope);
    case 'true':
    case 'false':
      return { type: 'bool', value: node.type === 'true', span };
    case 'none':
      return { type: 'none', span };
    case 'identifier':
      return scope.get(node.text) ?? { type: 'name', name: node.text, span };
    case 'attribute':
      return dottedName(node, span);
    case 'call':
      return callValue(node, scope);
    case 'list':
    case 'tuple':
    case 'set':
      return { type: 'seq', items: node.namedChildren.filter(isExpression).map((item) => evaluate(item, scope)), span };
    case 'parenthesized_expression':
      return evaluate(node.namedChildren.find(isExpression), scope);
    case 'dictionary':
      return dictionaryValue(node, scope);
    default:
      return { type: 'unknown', why: `a ${node.type.replace(/_/g, ' ')}`, span };
  }
}

function isExpression(node: Node | null): node is Node {
  return !!node && node.type !== 'comment';
}

function negative(node: Node, scope: Scope): PyValue {
  const operand = evaluate(node.childForFieldName('argument'), scope);
  const operator = node.childForFieldName('operator')?.text;
  if (operand.type === 'num' && operator === '-') return { ...operand, value: `-${operand.value}`, span: spanOf(node) };
  return { type: 'unknown', why: 'an arithmetic expression', span: spanOf(node) };
}

function dottedName(node: Node, span: Span): PyValue {
  const name = calleeName(node);
  return name ? { type: 'name', name, span } : { type: 'unknown', why: 'an attribute of an expression', span };
}

/** `sa.Column` → "sa.Column"; `op.get_context().autocommit_block` → "op.get_context().autocommit_block". */
export function calleeName(node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = calleeName(node.childForFieldName('object'));
    const attribute = node.childForFieldName('attribute')?.text;
    return object && attribute ? `${object}.${attribute}` : undefined;
  }
  if (node.type === 'call') {
    const inner = calleeName(node.childForFieldName('function'));
    return inner ? `${inner}()` : undefined;
  }
  return undefined;
}

function callValue(node: Node, scope: Scope): PyValue {
  const args: PyValue[] = [];
  const kwargs = new Map<string, PyValue>();
  const argumentList = node.childForFieldName('arguments');
  for (const argument of argumentList?.namedChildren ?? []) {
    if (!argument || argument.type === 'comment') continue;
    if (argument.type === 'keyword_argument') {
      const name = argument.childForFieldName('name')?.text;
      if (name) kwargs.set(name, evaluate(argument.childForFieldName('value'), scope));
    } else if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') {
      args.push({ type: 'unknown', why: 'unpacked arguments (*args/**kwargs)', span: spanOf(argument) });
    } else {
      args.push(evaluate(argument, scope));
    }
  }
  return { type: 'call', callee: calleeName(node.childForFieldName('function')), args, kwargs, span: spanOf(node) };
}

function dictionaryValue(node: Node, scope: Scope): PyValue {
  const entries: Array<[PyValue, PyValue]> = [];
  for (const pair of node.namedChildren) {
    if (pair?.type !== 'pair') return { type: 'unknown', why: 'a dictionary with unpacking', span: spanOf(node) };
    entries.push([evaluate(pair.childForFieldName('key'), scope), evaluate(pair.childForFieldName('value'), scope)]);
  }
  return { type: 'dict', entries, span: spanOf(node) };
}

function stringValue(node: Node | null): PyValue {
  if (!node || node.type !== 'string')
    return { type: 'unknown', why: 'a non-literal string part', span: node ? spanOf(node) : { start: 0, end: 0 } };
  const prefix = (node.children.find((child) => child?.type === 'string_start')?.text ?? '').toLowerCase();
  const span = spanOf(node);
  if (prefix.includes('f') && node.namedChildren.some((child) => child?.type === 'interpolation')) {
    return { type: 'unknown', why: 'an f-string with interpolated values', span };
  }
  if (prefix.includes('b')) return { type: 'unknown', why: 'a bytes literal', span };
  const raw = prefix.includes('r');
  let value = '';
  const pieces: StringPiece[] = [];
  for (const content of node.namedChildren) {
    if (content?.type !== 'string_content') continue;
    let cursor = content.startIndex;
    const escapes = raw ? [] : content.namedChildren.filter((child) => child?.type === 'escape_sequence');
    for (const escape of [...escapes, undefined]) {
      const until = escape ? escape.startIndex : content.endIndex;
      if (until > cursor) {
        pieces.push({ offset: value.length, source: cursor, length: until - cursor });
        value += content.text.slice(cursor - content.startIndex, until - content.startIndex);
      }
      if (escape) {
        value += decodeEscape(escape.text);
        cursor = escape.endIndex;
      }
    }
  }
  return { type: 'str', value, span, pieces };
}

function decodeEscape(text: string): string {
  const letter = text.slice(1);
  if (letter in ESCAPES) return ESCAPES[letter]!;
  if (/^(x|u|U)[0-9a-fA-F]+$/.test(letter)) return String.fromCodePoint(parseInt(letter.slice(1), 16));
  if (/^[0-7]{1,3}$/.test(letter)) return String.fromCharCode(parseInt(letter, 8));
  return text;
}

function joinStrings(parts: PyValue[], span: Span): PyValue {
  let value = '';
  const pieces: StringPiece[] = [];
  for (const part of parts) {
    if (part.type !== 'str')
      return part.type === 'unknown' ? { ...part, span } : { type: 'unknown', why: 'a string mixed with other values', span };
    for (const piece of part.pieces) pieces.push({ ...piece, offset: piece.offset + value.length });
    value += part.value;
  }
  return { type: 'str', value, span, pieces };
}

/** Keyword argument, else positional argument `index`, of a call value. */
export function argument(call: Extract<PyValue, { type: 'call' }>, keyword: string, index?: number): PyValue | undefined {
  return call.kwargs.get(keyword) ?? (index === undefined ? undefined : call.args[index]);
}

/** The string value, or undefined for anything that is not a literal string. */
export function stringOf(value: PyValue | undefined): string | undefined {
  return value?.type === 'str' ? value.value : undefined;
}

/** The last part of a callee or name: `sa.Column` → "Column", `postgresql.JSONB` → "JSONB". */
export function lastName(name: string | undefined): string | undefined {
  return name?.split('.').pop();
}
