import { escapeHtml, neutraliseMentions } from '../render/escape-markdown.js';

/**
 * LLM output is untrusted text (DESIGN.md, "Principles"): a model that read a hostile diff may echo
 * it. Before anything the model wrote reaches a comment, this removes raw HTML, images, links to
 * hosts outside a short documentation allow-list and @mentions, and caps its length. Renderers
 * escape again on top (escapeMarkdownProse); this layer keeps the stored review clean too.
 */
export const MAX_MESSAGE_LENGTH = 600;
export const MAX_SUGGESTION_LENGTH = 1_500;
export const MAX_SUMMARY_LENGTH = 2_000;
export const MAX_EXPLANATION_LENGTH = 6_000;

/** Documentation a reader may follow; any other link keeps its text and loses its target. */
const ALLOWED_HOSTS = ['www.postgresql.org', 'postgresql.org', 'docs.sqlalchemy.org', 'alembic.sqlalchemy.org', 'sqlmodel.tiangolo.com'];

export function sanitiseText(text: string, maxLength: number): string {
  return capLength(neutraliseMentions(stripLinks(stripHtml(text))).trim(), maxLength);
}

/**
 * Markdown the model wrote for `/dbarch explain`: its structure (lists, code blocks) is kept;
 * outside code blocks, HTML is escaped so it shows as text. Code blocks show HTML literally anyway.
 */
export function sanitiseMarkdown(text: string, maxLength: number): string {
  const parts = text.replace(/\r\n/g, '\n').split(/(^```[^\n]*\n[\s\S]*?^```[ \t]*$)/m);
  const cleaned = parts.map((part, index) =>
    index % 2 === 1 ? part.replace(/@(?=[A-Za-z0-9_-])/g, '@\u200D') : neutraliseMentions(escapeHtml(stripLinks(part))),
  );
  return closeOpenFence(capLength(cleaned.join('').trim(), maxLength));
}

function stripHtml(text: string): string {
  // Tags go, comments go (a hidden marker must not be forged); a lone "<" in prose survives as text.
  return text.replace(/<!--[\s\S]*?(?:-->|$)/g, '').replace(/<\/?[A-Za-z][^<>]*>/g, '');
}

function stripLinks(text: string): string {
  const withoutImages = text.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1');
  const withoutLinks = withoutImages.replace(/\[([^\]]*)\]\(([^)\s]*)[^)]*\)/g, (whole, label: string, url: string) =>
    isAllowed(url) ? whole : label,
  );
  return withoutLinks.replace(/\b(?:https?|ftp):\/\/[^\s)>\]]+/g, (url) => (isAllowed(url) ? url : '(link removed)'));
}

function isAllowed(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && ALLOWED_HOSTS.includes(parsed.hostname);
  } catch {
    return false;
  }
}

function capLength(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.lastIndexOf(' ', maxLength - 1);
  return `${text.slice(0, cut > maxLength * 0.8 ? cut : maxLength - 1)}…`;
}

function closeOpenFence(text: string): string {
  return (text.match(/^```/gm) ?? []).length % 2 === 1 ? `${text}\n\`\`\`` : text;
}
