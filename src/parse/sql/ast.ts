/**
 * Small readers over libpg-query's JSON AST. Nodes arrive wrapped as `{ KindName: { …fields } }`;
 * these helpers unwrap them and turn names and types into the normalised strings rules compare.
 */

export type AstObject = Record<string, unknown>;

/** `{ Kind: fields }` → ['Kind', fields]; anything else → undefined. */
export function unwrapNode(node: unknown): [string, AstObject] | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const kind = keys[0]!;
  const value = (node as AstObject)[kind];
  return value && typeof value === 'object' ? [kind, value as AstObject] : [kind, {}];
}

/** The fields of a wrapped node of the given kind, or undefined when it is another kind. */
export function nodeOf(node: unknown, kind: string): AstObject | undefined {
  const unwrapped = unwrapNode(node);
  return unwrapped && unwrapped[0] === kind ? unwrapped[1] : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Values of a list of `{ String: { sval } }` nodes. */
export function stringList(value: unknown): string[] {
  return asArray(value)
    .map((item) => nodeOf(item, 'String')?.sval)
    .filter((item): item is string => typeof item === 'string');
}

/**
 * Normalised relation name: `schema.name`, with the default schema `public` left out so that
 * `public.users` and `users` are the same table. Identifiers come already case-folded by the parser.
 */
export function qualifiedName(schema: string | undefined, name: string): string {
  return schema && schema !== 'public' ? `${schema}.${name}` : name;
}

/** Name of a RangeVar (plain or wrapped). */
export function relationName(rangeVar: unknown): string | undefined {
  const fields = nodeOf(rangeVar, 'RangeVar') ?? (rangeVar as AstObject | undefined);
  if (!fields || typeof fields.relname !== 'string') return undefined;
  return qualifiedName(fields.schemaname as string | undefined, fields.relname);
}

/** Name from a dotted name list (`DROP TABLE a.b`, `DROP INDEX x`). */
export function dottedName(names: unknown): string | undefined {
  const parts = stringList(names);
  if (parts.length === 0) return undefined;
  const name = parts[parts.length - 1]!;
  return qualifiedName(parts.length > 1 ? parts[parts.length - 2] : undefined, name);
}

const TYPE_ALIASES: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  bpchar: 'char',
  varchar: 'varchar',
  timestamptz: 'timestamptz',
  timetz: 'timetz',
  int: 'integer',
  decimal: 'numeric',
};

/**
 * A TypeName as a normalised string: `integer`, `bigint`, `varchar(100)`, `numeric(10,2)`,
 * `timestamp`, `timestamptz`, `text[]`, `myschema.mood`. The parser spells built-in types with their
 * catalogue names (`pg_catalog.int4`); those become the SQL names people write.
 */
export function typeNameToString(typeName: unknown): string {
  const fields = nodeOf(typeName, 'TypeName') ?? (typeName as AstObject | undefined);
  if (!fields) return 'unknown';
  const names = stringList(fields.names);
  const builtin = names.length === 2 && names[0] === 'pg_catalog';
  const base = builtin ? (TYPE_ALIASES[names[1]!] ?? names[1]!) : names.join('.');
  const modifiers = asArray(fields.typmods)
    .map(constantText)
    .filter((item) => item !== undefined);
  const withModifiers = modifiers.length > 0 && !isIntervalFields(base) ? `${base}(${modifiers.join(',')})` : base;
  const arrayDepth = asArray(fields.arrayBounds).length;
  return withModifiers + '[]'.repeat(arrayDepth);
}

function isIntervalFields(base: string): boolean {
  return base === 'interval';
}

/** Text of an A_Const (numbers, strings), or undefined for anything else. */
export function constantText(node: unknown): string | undefined {
  const constant = nodeOf(node, 'A_Const');
  if (!constant) return undefined;
  if (constant.isnull) return 'NULL';
  // Zero-valued fields are omitted from the JSON: `{ ival: {} }` is 0.
  if (constant.ival !== undefined) return String((constant.ival as AstObject).ival ?? 0);
  const float = constant.fval as AstObject | undefined;
  if (float) return String(float.fval);
  const text = constant.sval as AstObject | undefined;
  if (text) return String(text.sval ?? '');
  const boolean = constant.boolval as AstObject | undefined;
  if (boolean) return boolean.boolval ? 'true' : 'false';
  return undefined;
}

/**
 * Visits every wrapped node below `node` (depth first, parents before children, in field order),
 * the node itself included. Without recursion: a parse tree can be thousands of levels deep.
 */
export function walkNodes(node: unknown, visit: (kind: string, fields: AstObject) => void): void {
  const pending: unknown[] = [node];
  while (pending.length > 0) {
    const current = pending.pop();
    if (!current || typeof current !== 'object') continue;
    let children: unknown[];
    if (Array.isArray(current)) {
      children = current;
    } else {
      const unwrapped = unwrapNode(current);
      if (unwrapped && /^[A-Z]/.test(unwrapped[0])) {
        visit(unwrapped[0], unwrapped[1]);
        children = Object.values(unwrapped[1]);
      } else {
        children = Object.values(current);
      }
    }
    for (let index = children.length - 1; index >= 0; index -= 1) pending.push(children[index]);
  }
}

/** Names of all functions called anywhere in an expression (`pg_catalog.now` → `now`). */
export function calledFunctions(expression: unknown): string[] {
  const names: string[] = [];
  walkNodes(expression, (kind, fields) => {
    if (kind === 'FuncCall') {
      const parts = stringList(fields.funcname);
      if (parts.length > 0) names.push(parts[parts.length - 1]!.toLowerCase());
    } else if (kind === 'SQLValueFunction') {
      names.push(
        String(fields.op ?? '')
          .replace(/^SVFOP_/, '')
          .toLowerCase(),
      );
    }
  });
  return names;
}
