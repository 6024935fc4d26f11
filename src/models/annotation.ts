/**
 * Python type annotations of model attributes, read from their text: `Mapped[Optional[str]]`,
 * `Mapped[str | None]`, `"Mapped[list['Post']]"`, SQLModel's bare `Optional[int]`. Only what
 * SQLAlchemy and SQLModel derive from them matters: whether the attribute is mapped, whether None
 * is allowed (nullability), whether it is a collection, and the element type's name.
 */

export interface Annotation {
  /** Wrapped in Mapped[...] (or WriteOnlyMapped/DynamicMapped). */
  mapped: boolean;
  /** `WriteOnlyMapped`/`DynamicMapped`: the loader strategy is set by the annotation. */
  loaderFromAnnotation: boolean;
  /** `ClassVar[...]`: not a column. */
  classVar: boolean;
  optional: boolean;
  collection: boolean;
  /** Last dotted name of the element type: `datetime.datetime` → "datetime", `list["Post"]` → "Post". */
  typeName?: string;
}

const MAPPED = new Set(['Mapped', 'WriteOnlyMapped', 'DynamicMapped']);
const COLLECTIONS = new Set(['list', 'List', 'set', 'Set', 'Sequence', 'MutableSequence', 'Collection', 'frozenset', 'dict', 'Dict']);

export function readAnnotation(text: string): Annotation {
  const result: Annotation = { mapped: false, loaderFromAnnotation: false, classVar: false, optional: false, collection: false };
  let current = unquote(text.trim());
  for (let depth = 0; depth < 6; depth += 1) {
    const generic = splitGeneric(current);
    const members = splitTopLevel(current, '|');
    if (members.length > 1) {
      const others = members.filter((member) => member !== 'None');
      result.optional ||= others.length < members.length;
      current = unquote(others[0] ?? '');
      continue;
    }
    if (!generic) break;
    const head = lastPart(generic.head);
    if (MAPPED.has(head)) {
      result.mapped = true;
      result.loaderFromAnnotation ||= head !== 'Mapped';
      result.collection ||= head !== 'Mapped';
    } else if (head === 'ClassVar') {
      result.classVar = true;
    } else if (head === 'Optional') {
      result.optional = true;
    } else if (head === 'Union') {
      const members = splitTopLevel(generic.inner, ',');
      const others = members.filter((member) => member !== 'None');
      result.optional ||= others.length < members.length;
      current = unquote(others[0] ?? '');
      continue;
    } else if (COLLECTIONS.has(head)) {
      result.collection = true;
    } else {
      break;
    }
    current = unquote(splitTopLevel(generic.inner, ',')[0] ?? '');
  }
  const name = current.split('[', 1)[0]!;
  if (/^[\w.]+$/.test(name)) result.typeName = lastPart(name);
  return result;
}

function splitGeneric(text: string): { head: string; inner: string } | undefined {
  const match = /^([\w.]+)\[([\s\S]*)\]$/.exec(text);
  return match ? { head: match[1]!, inner: match[2]!.trim() } : undefined;
}

/** Splits on `separator` outside brackets and quotes. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '(') depth += 1;
    else if (char === ']' || char === ')') depth -= 1;
    else if (char === separator && depth === 0) {
      parts.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter(Boolean);
}

function unquote(text: string): string {
  const match = /^(['"])([\s\S]*)\1$/.exec(text.trim());
  return match ? match[2]!.trim() : text.trim();
}

function lastPart(name: string): string {
  return name.split('.').pop()!;
}
