import { blockCommentEnd, isIdentifierCode, literalEnd } from './lexical.js';

/**
 * Migration scripts often hold template placeholders that are not SQL: PostgreSQL extension scripts
 * use `@extschema@` (and `@extowner@`, `@extschema:name@`), psql variables look like `:name`,
 * `:'name'`, `:"name"`, `:{?name}`, Flyway or Liquibase substitute `${name}`, and Go templates
 * (supabase/auth's `{{ index .Options "Namespace" }}`) or Jinja write `{{ … }}`. Before parsing,
 * each is replaced by something of exactly the same length that the parser accepts in the same
 * place, so every offset the parser reports still points at the original text.
 *
 * Template engines substitute their placeholders everywhere, quoted text included. psql expands its
 * variables outside quoted literals and comments, which one lexical pass over the statement finds
 * (linear: each character is looked at once). Dollar-quoted function bodies are scanned like SQL:
 * tools such as graphile-worker substitute `:NAME` inside them too, and the body is SQL that rules
 * may parse.
 */

/** Cheap pre-check: most statements have none of the trigger characters. */
const MAYBE_PLACEHOLDER = /[@:]|\$\{|\{\{/;
/**
 * `{{ … }}` on one line, holding no brace: a template action. Array literals such as '{{1,2},{3,4}}'
 * hold braces between their outer pairs, so they do not match (and one that did is inside quotes,
 * where a same-length stand-in changes nothing a rule reads).
 */
const TEMPLATE = /@[A-Za-z_][A-Za-z_0-9]*(?::[A-Za-z_][A-Za-z_0-9]*)?@|\$\{[A-Za-z_][A-Za-z_0-9.:-]*\}|\{\{[^{}\n]{1,200}\}\}/g;
/** Could be a psql variable: a `:` that follows no `:` or word character, before a name, quote or `{?`. */
const MAYBE_VARIABLE = /(?<![:A-Za-z_0-9$\u0080-\uffff]):(?:[A-Za-z_'"]|\{\?)/;
/** A psql variable reference at a given offset (the `:` included). */
const PSQL_VARIABLE = /:(?:'[A-Za-z_][A-Za-z_0-9]*'|"[A-Za-z_][A-Za-z_0-9]*"|\{\?[A-Za-z_][A-Za-z_0-9]*\}|[A-Za-z_][A-Za-z_0-9]*)/y;

export function maskPlaceholders(text: string): string {
  if (!MAYBE_PLACEHOLDER.test(text)) return text;
  const templated = text.includes('@') || text.includes('${') || text.includes('{{') ? text.replace(TEMPLATE, maskTemplate) : text;
  return MAYBE_VARIABLE.test(templated) ? maskPsqlVariables(templated) : templated;
}

/**
 * `@extschema@` → `_extschema_`, `${flyway:user}` → `__flyway_user_`, `{{ index .Options "Namespace" }}`
 * → `___index__Options__Namespace____`: an identifier of the same length, the same for every use of
 * the same placeholder (PostgreSQL truncates one longer than 63 characters, with a notice).
 */
function maskTemplate(match: string): string {
  return match.replace(/[^A-Za-z_0-9]/g, '_');
}

/** Replaces psql variable references outside quoted literals and comments. */
function maskPsqlVariables(text: string): string {
  let result = '';
  let copied = 0;
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === 0x27 /* ' */ || code === 0x22 /* " */) {
      index = literalEnd(text, index);
    } else if (code === 0x2d /* - */ && text.charCodeAt(index + 1) === 0x2d) {
      const newline = text.indexOf('\n', index);
      index = newline < 0 ? text.length : newline;
    } else if (code === 0x2f /* / */ && text.charCodeAt(index + 1) === 0x2a /* * */) {
      index = blockCommentEnd(text, index);
    } else if (code === 0x3a /* : */ && !isVariableBlocker(text.charCodeAt(index - 1))) {
      PSQL_VARIABLE.lastIndex = index;
      const match = PSQL_VARIABLE.exec(text);
      if (match) {
        result += text.slice(copied, index) + maskVariable(match[0]);
        index += match[0].length;
        copied = index;
      } else {
        index += 1;
      }
    } else {
      index += 1;
    }
  }
  return copied === 0 ? text : result + text.slice(copied);
}

/** Same length: `:'name'` → `'xxxxx'`, `:"name"` → `"xxxxx"`, `:{?name}` → `true    `, `:name` → `_name`. */
function maskVariable(variable: string): string {
  const kind = variable[1];
  if (kind === "'") return `'${'x'.repeat(variable.length - 2)}'`;
  if (kind === '"') return `"${'x'.repeat(variable.length - 2)}"`;
  if (kind === '{') return 'true'.padEnd(variable.length, ' ');
  return `_${variable.slice(1)}`;
}

/** `::type` casts, `a[1:n]` slices and `x:=` are not variables: the `:` follows a `:` or a word character. */
function isVariableBlocker(code: number): boolean {
  return code === 0x3a || isIdentifierCode(code);
}

/** A placeholder right before a `.`: it names a schema (`:app_schema.jobs`, `@extschema@.f()`, `${schema}.t`). */
const SCHEMA_PLACEHOLDER =
  /(?<![:A-Za-z_0-9$]):[A-Za-z_][A-Za-z_0-9]*(?=\s*\.)|@[A-Za-z_][A-Za-z_0-9]*@(?=\s*\.)|\$\{[A-Za-z_][A-Za-z_0-9.:-]*\}(?=\s*\.)|\{\{[^{}\n]{1,200}\}\}(?=\s*\.)/g;
const CREATES_SCHEMA = /\bCREATE\s+SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?([^\s;]+)/gi;

/**
 * The stand-in names (as maskPlaceholders writes them, folded to lower case as PostgreSQL folds
 * them) of the schemas that placeholders name in these texts, leaving out those a text creates
 * itself. A tool that fills in a schema placeholder usually creates that schema before running the
 * migrations (graphile-worker's migrate() does), so a dry run creates the stand-ins first.
 */
export function placeholderSchemas(texts: readonly string[]): string[] {
  const named = new Set<string>();
  const created = new Set<string>();
  for (const text of texts) {
    if (!MAYBE_PLACEHOLDER.test(text)) continue;
    for (const match of text.matchAll(SCHEMA_PLACEHOLDER)) named.add(maskPlaceholders(match[0]).toLowerCase());
    for (const match of text.matchAll(CREATES_SCHEMA)) created.add(maskPlaceholders(match[1]!).toLowerCase());
  }
  return [...named].filter((schema) => !created.has(schema)).sort();
}
