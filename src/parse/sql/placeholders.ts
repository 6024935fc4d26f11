/**
 * Migration scripts often hold template placeholders that are not SQL: PostgreSQL extension scripts
 * use `@extschema@`, psql variables look like `:name`, `:'name'`, `:"name"`, and Flyway or Liquibase
 * substitute `${name}`. Before parsing, each is replaced by something of exactly the same length that
 * the parser accepts in the same place, so every offset the parser reports still points at the
 * original text.
 */

const PLACEHOLDER =
  /@[A-Za-z_][A-Za-z_0-9]*@|\$\{[A-Za-z_][A-Za-z_0-9.-]*\}|(?<![:A-Za-z_0-9])(?::'[A-Za-z_][A-Za-z_0-9]*'|:"[A-Za-z_][A-Za-z_0-9]*"|:[A-Za-z_][A-Za-z_0-9]*)/g;

/** Cheap pre-check: most statements have none of the trigger characters. */
const MAYBE_PLACEHOLDER = /[@:]|\$\{/;

export function maskPlaceholders(text: string): string {
  if (!MAYBE_PLACEHOLDER.test(text)) return text;
  return text.replace(PLACEHOLDER, (match, offset: number) => {
    if (match.startsWith(':') && isInsideQuotes(text, offset)) return match;
    if (match.startsWith(":'")) return `'${'x'.repeat(match.length - 2)}'`;
    if (match.startsWith(':"')) return `"${'x'.repeat(match.length - 2)}"`;
    return match.replace(/[^A-Za-z_0-9]/g, '_').replace(/^[0-9]/, '_');
  });
}

/** True when an offset lies inside a single-quoted literal (psql does not expand variables there). */
function isInsideQuotes(text: string, offset: number): boolean {
  let inside = false;
  for (let index = 0; index < offset; index += 1) if (text[index] === "'") inside = !inside;
  return inside;
}
