import { LineIndex } from '../sql/source-text.js';
import { readAttributes } from './prisma-attributes.js';
import type { PrismaField, PrismaModel, PrismaSchema, PrismaSpan, PrismaSyntaxError } from './prisma-types.js';

/**
 * A small parser for schema.prisma (no Prisma engine binary is needed): top-level blocks
 * (`model`, `view`, `enum`, `datasource`, `generator`, `type`), and in models the fields
 * (`name Type? @attr(...)`) and block attributes (`@@index([...])`). It reads what rules need and
 * reports what it cannot read as syntax errors at their offsets instead of failing.
 */

const BLOCK = /(model|view|enum|datasource|generator|type)\s+(\w+)\s*\{/y;
const FIELD = /^(\w+)\s+(Unsupported\("(?:[^"\\]|\\.)*"\)|[\w.]+)(\[\])?(\?)?(?:\s+([\s\S]*))?$/;

export function parsePrisma(text: string): PrismaSchema {
  const schema: PrismaSchema = { models: [], enums: new Set(), errors: [], comments: [], lines: new LineIndex(text) };
  const blanked = blankComments(text, schema.comments);
  let offset = 0;
  while (offset < blanked.length) {
    const next = blanked.slice(offset).search(/\S/);
    if (next < 0) break;
    offset += next;
    BLOCK.lastIndex = offset;
    const header = BLOCK.exec(blanked);
    if (!header) {
      const end = lineEnd(blanked, offset);
      schema.errors.push({ message: `unexpected "${blanked.slice(offset, end).trim().slice(0, 40)}"`, span: { start: offset, end } });
      offset = end;
      continue;
    }
    const close = closingBrace(blanked, BLOCK.lastIndex);
    if (close < 0) {
      schema.errors.push({ message: `block "${header[2]}" is never closed`, span: { start: offset, end: BLOCK.lastIndex } });
      break;
    }
    readBlock(schema, blanked, { keyword: header[1]!, name: header[2]!, start: offset, bodyStart: BLOCK.lastIndex, end: close + 1 });
    offset = close + 1;
  }
  return schema;
}

interface Block {
  keyword: string;
  name: string;
  start: number;
  bodyStart: number;
  end: number;
}

function readBlock(schema: PrismaSchema, text: string, block: Block): void {
  if (block.keyword === 'enum') schema.enums.add(block.name);
  if (block.keyword === 'datasource') {
    const provider = /provider\s*=\s*"([^"]*)"/.exec(text.slice(block.bodyStart, block.end));
    if (provider) schema.provider = provider[1]!;
  }
  if (block.keyword !== 'model' && block.keyword !== 'view') return;
  const nameStart = text.indexOf(block.name, block.start + block.keyword.length);
  const model: PrismaModel = {
    name: block.name,
    tableName: block.name,
    fields: [],
    blockAttributes: [],
    span: { start: block.start, end: block.end },
    nameSpan: { start: nameStart, end: nameStart + block.name.length },
    view: block.keyword === 'view',
  };
  for (const line of logicalLines(text, block.bodyStart, block.end - 1)) readMember(model, line, schema.errors);
  const map = model.blockAttributes.find((attribute) => attribute.name === 'map');
  if (map?.positional[0]) model.tableName = unquote(map.positional[0]);
  schema.models.push(model);
}

function readMember(model: PrismaModel, line: { text: string; start: number }, errors: PrismaSyntaxError[]): void {
  const span = { start: line.start, end: line.start + line.text.length };
  if (line.text.startsWith('@@')) {
    model.blockAttributes.push(...readAttributes(line.text, line.start));
    return;
  }
  const match = FIELD.exec(line.text);
  if (!match) {
    errors.push({ message: `cannot read the field "${line.text.slice(0, 40)}" of model ${model.name}`, span });
    return;
  }
  const typeStart = line.start + line.text.indexOf(match[2]!, match[1]!.length);
  const attributesText = match[5] ?? '';
  const field: PrismaField = {
    name: match[1]!,
    type: match[2]!,
    list: match[3] !== undefined,
    optional: match[4] !== undefined,
    attributes: readAttributes(attributesText, line.start + line.text.length - attributesText.length),
    span,
    nameSpan: { start: line.start, end: line.start + match[1]!.length },
    typeSpan: { start: typeStart, end: typeStart + match[2]!.length },
  };
  model.fields.push(field);
}

/** Non-empty lines of a block body, joined while brackets or parentheses stay open; trimmed, with their start offset. */
function logicalLines(text: string, start: number, end: number): Array<{ text: string; start: number }> {
  const lines: Array<{ text: string; start: number }> = [];
  let from = start;
  while (from < end) {
    let to = lineEnd(text, from);
    while (to < end && unbalanced(text.slice(from, to))) to = lineEnd(text, to + 1);
    const raw = text.slice(from, Math.min(to, end));
    const leading = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) lines.push({ text: trimmed.replace(/\s*\n\s*/g, ' '), start: from + leading });
    from = to + 1;
  }
  return lines;
}

function unbalanced(text: string): boolean {
  return depthOf(text) > 0;
}

/** The block's closing brace, outside string literals (`@default("{}")`). */
function closingBrace(text: string, from: number): number {
  let quoted = false;
  for (let index = from; index < text.length; index += 1) {
    const char = text[index]!;
    if (char === '"' && text[index - 1] !== '\\') quoted = !quoted;
    else if (char === '\n') quoted = false;
    else if (char === '}' && !quoted) return index;
  }
  return -1;
}

function depthOf(text: string): number {
  let depth = 0;
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (char === '"' && text[index - 1] !== '\\') quoted = !quoted;
    else if (!quoted && (char === '(' || char === '[')) depth += 1;
    else if (!quoted && (char === ')' || char === ']')) depth -= 1;
  }
  return depth;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/**
 * Replaces comments with spaces (offsets and lines stay valid) and records the `//` ones for
 * suppressions. Prisma also accepts block comments (`/* … *\/`, since prisma-engines 6.2): their
 * newlines are kept so every later line number still points at the same text.
 */
function blankComments(text: string, comments: PrismaSchema['comments']): string {
  let result = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (char === '"' && text[index - 1] !== '\\') quoted = !quoted;
    if (char === '\n') quoted = false;
    if (!quoted && char === '/' && text[index + 1] === '/') {
      const end = lineEnd(text, index);
      comments.push({ start: index, end, text: text.slice(index, end) });
      result += ' '.repeat(end - index);
      index = end - 1;
      continue;
    }
    if (!quoted && char === '/' && text[index + 1] === '*') {
      const close = text.indexOf('*/', index + 2);
      const end = close < 0 ? text.length : close + 2;
      result += text.slice(index, end).replace(/[^\n]/g, ' ');
      index = end - 1;
      continue;
    }
    result += char;
  }
  return result;
}

export function unquote(value: string): string {
  const match = /^"((?:[^"\\]|\\.)*)"$/.exec(value.trim());
  return match ? match[1]! : value.trim();
}

export type { PrismaSpan };
