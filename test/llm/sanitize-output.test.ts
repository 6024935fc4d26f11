import { describe, expect, it } from '@jest/globals';
import { sanitiseMarkdown, sanitiseText } from '../../src/llm/sanitize-output.js';

describe('sanitiseText (LLM finding messages and summary)', () => {
  it('drops raw HTML, hidden comments, images and links to other hosts, and neutralises mentions', () => {
    const text =
      'Ping @octocat <script>x()</script><!-- dbarch:summary --> ![x](https://evil.example/p.png) [docs](https://evil.example) https://evil.example/a';
    const result = sanitiseText(text, 500);
    expect(result).not.toMatch(/<script|<!--|evil\.example|!\[/);
    expect(result).toContain('@\u200Doctocat');
    expect(result).toContain('docs');
    expect(result).toContain('(link removed)');
  });

  it('keeps links to PostgreSQL documentation', () => {
    const link = 'https://www.postgresql.org/docs/current/sql-altertable.html';
    expect(sanitiseText(`See ${link}`, 500)).toBe(`See ${link}`);
  });

  it('caps the length', () => {
    expect(sanitiseText('word '.repeat(500), 100).length).toBeLessThanOrEqual(100);
  });
});

describe('sanitiseMarkdown (explanations)', () => {
  it('keeps lists and code blocks, escapes HTML outside code, closes a cut-off fence', () => {
    const text = '1. Add the column <b>nullable</b>\n\n```sql\nALTER TABLE t ADD COLUMN c int; -- <tag> stays\n```\n\n```sql\nSELECT 1;';
    const result = sanitiseMarkdown(text, 5_000);
    expect(result).toContain('1. Add the column &lt;b&gt;nullable&lt;/b&gt;');
    expect(result).toContain('-- <tag> stays');
    expect((result.match(/^```/gm) ?? []).length % 2).toBe(0);
  });
});
