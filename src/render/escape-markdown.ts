/**
 * Escaping for text that a pull request controls (file paths, SQL identifiers inside messages,
 * statement text, skip reasons) before it goes into a GitHub comment. GitHub renders comments as
 * Markdown with a subset of HTML and turns `@name` into notifications, so untrusted text must
 * neither inject HTML nor ping people (DESIGN.md, "Principles").
 */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Replaces the characters that start HTML tags or entities with entities. Quotes stay: dbarch never
 * puts untrusted text inside an HTML attribute, and SQL identifiers read better with them.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (character) => HTML_ENTITIES[character]!);
}

/**
 * Puts a zero-width joiner after every `@` that precedes a name, so GitHub shows the text but does
 * not link or notify the user or team (`@octocat`, `@org/team`).
 */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(?=[A-Za-z0-9_-])/g, '@\u200D');
}

/**
 * Escapes text for a plain Markdown context (a paragraph, a list item, a table cell): no HTML, no
 * mentions, no emphasis or links the author did not intend, and on one line.
 */
export function escapeMarkdownText(text: string): string {
  const oneLine = text.replace(/\s*\r?\n\s*/g, ' ');
  const markdownSafe = oneLine.replace(/[\\`*_[\]|~#]/g, (character) => `\\${character}`);
  return neutraliseMentions(escapeHtml(markdownSafe));
}

/** A code span as CommonMark finds it: a backtick run, content, the same run (not longer). */
const CODE_SPAN = /(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g;

/**
 * Escapes prose that dbarch wrote around untrusted parts (a rule's message naming a table, a
 * rollout step naming a file) while keeping its `code spans`. Safe whatever the text holds: code
 * spans show HTML and mentions literally, and everything between them is escaped as plain text.
 */
export function escapeMarkdownProse(text: string): string {
  const oneLine = text.replace(/\s*\r?\n\s*/g, ' ');
  let result = '';
  let last = 0;
  for (const match of oneLine.matchAll(CODE_SPAN)) {
    result += escapeMarkdownText(oneLine.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return result + escapeMarkdownText(oneLine.slice(last));
}

/** Longest run of consecutive backticks in the text (0 when there is none). */
function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/**
 * A code span around any text. Code spans show HTML and `@names` literally, so only the fence needs
 * care: it is one backtick longer than any run inside, and padded when the text touches a backtick.
 */
export function inlineCode(text: string): string {
  const oneLine = text.replace(/\s*\r?\n\s*/g, ' ');
  if (oneLine.length === 0) return '` `';
  const fence = '`'.repeat(longestBacktickRun(oneLine) + 1);
  const padding = oneLine.startsWith('`') || oneLine.endsWith('`') || /^ .* $/.test(oneLine) ? ' ' : '';
  return `${fence}${padding}${oneLine}${padding}${fence}`;
}

/**
 * A code span for a table cell: GFM splits table rows on `|` before it sees code spans, so the pipe
 * must be escaped even there (GitHub then shows it without the backslash).
 */
export function tableCode(text: string): string {
  return inlineCode(text).replace(/\|/g, '\\|');
}

/** A fenced code block without a language (so GitHub never treats it as a suggestion). */
export function codeBlock(text: string): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  const body = text.replace(/\r\n/g, '\n').replace(/\n+$/, '');
  return `${fence}\n${body}\n${fence}`;
}

/** A link whose target is only ever an http(s) URL; anything else is shown as text. */
export function safeLink(label: string, url: string | undefined): string {
  if (!url || !/^https?:\/\/[^\s<>()]+$/.test(url)) return label;
  return `[${label}](${url})`;
}
