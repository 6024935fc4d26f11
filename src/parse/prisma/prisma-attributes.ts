import type { PrismaAttribute } from './prisma-types.js';

/**
 * Attributes of a Prisma field or model: `@id`, `@default(now())`, `@db.VarChar(200)`,
 * `@relation(fields: [authorId], references: [id], onDelete: Cascade)`, `@@index([a, b])`.
 * Arguments are kept as written; list arguments are read with `listItems`.
 */

const START = /@@?[\w.]+/g;

export function readAttributes(text: string, offset: number): PrismaAttribute[] {
  const attributes: PrismaAttribute[] = [];
  START.lastIndex = 0;
  for (let match = START.exec(text); match; match = START.exec(text)) {
    const nameEnd = match.index + match[0].length;
    const argumentsEnd = text[nameEnd] === '(' ? matchingParenthesis(text, nameEnd) : nameEnd;
    const inner = argumentsEnd > nameEnd ? text.slice(nameEnd + 1, argumentsEnd - 1) : '';
    const attribute: PrismaAttribute = {
      name: match[0].replace(/^@@?/, ''),
      block: match[0].startsWith('@@'),
      positional: [],
      named: new Map(),
      span: { start: offset + match.index, end: offset + argumentsEnd },
    };
    for (const part of splitTopLevel(inner, ',')) {
      const named = /^(\w+)\s*:\s*([\s\S]+)$/.exec(part);
      if (named) attribute.named.set(named[1]!, named[2]!.trim());
      else attribute.positional.push(part);
    }
    attributes.push(attribute);
    START.lastIndex = argumentsEnd;
  }
  return attributes;
}

/** Index just past the parenthesis that closes the one at `open`, skipping strings and nested brackets. */
function matchingParenthesis(text: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let index = open; index < text.length; index += 1) {
    const char = text[index]!;
    if (char === '"' && text[index - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if (char === '(' || char === '[') depth += 1;
    if (char === ')' || char === ']') depth -= 1;
    if (depth === 0) return index + 1;
  }
  return text.length;
}

/** Splits on `separator` outside brackets, parentheses and strings; trimmed, empty parts dropped. */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (char === '"' && text[index - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if (char === '(' || char === '[') depth += 1;
    else if (char === ')' || char === ']') depth -= 1;
    else if (char === separator && depth === 0) {
      parts.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter(Boolean);
}

/** `[userId, createdAt(sort: Desc)]` → ["userId", "createdAt"]; a bare name → [name]. */
export function listItems(value: string | undefined): string[] {
  if (!value) return [];
  const inner = value.trim().replace(/^\[/, '').replace(/\]$/, '');
  return splitTopLevel(inner, ',').map((item) => item.replace(/\(.*\)$/s, '').trim());
}

/** The field list of an `@@index`/`@@unique`/`@@id` (its `fields:` or first positional argument). */
export function attributeFields(attribute: PrismaAttribute): string[] {
  return listItems(attribute.named.get('fields') ?? attribute.positional[0]);
}
