import { describe, expect, it } from '@jest/globals';
import {
  codeBlock,
  escapeMarkdownProse,
  escapeMarkdownText,
  inlineCode,
  neutraliseMentions,
  safeLink,
  tableCode,
} from '../../src/render/escape-markdown.js';

describe('escapeMarkdownText', () => {
  it('lets no HTML through', () => {
    expect(escapeMarkdownText('<script>alert(1)</script> & <img src=x>')).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x&gt;',
    );
  });

  it('neutralises user and team mentions with a zero-width joiner', () => {
    const escaped = escapeMarkdownText('cc @someone and @org/team');
    expect(escaped).toBe('cc @\u200Dsomeone and @\u200Dorg/team');
    expect(escaped).not.toMatch(/@[a-z]/);
  });

  it('escapes emphasis, links and table pipes, and keeps the text on one line', () => {
    expect(escapeMarkdownText('**bold** [x](y) a|b\nnext')).toBe('\\*\\*bold\\*\\* \\[x\\](y) a\\|b next');
  });
});

describe('escapeMarkdownProse', () => {
  it('keeps code spans and escapes the text around them', () => {
    expect(escapeMarkdownProse('Run `SET lock_timeout = 5` before <b>@dba</b>')).toBe(
      'Run `SET lock_timeout = 5` before &lt;b&gt;@\u200Ddba&lt;/b&gt;',
    );
  });

  it('is safe when an untrusted part brings its own backticks', () => {
    const escaped = escapeMarkdownProse('`db/x`<img src=x>`.sql` and @me');
    expect(escaped).not.toMatch(/<img/);
    expect(escaped).toContain('@\u200Dme');
  });
});

describe('code', () => {
  it('fences inline code longer than any backtick run inside', () => {
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(inlineCode('`x`')).toBe('`` `x` ``');
    expect(inlineCode('multi\nline')).toBe('`multi line`');
  });

  it('escapes pipes in table cells, even inside code', () => {
    expect(tableCode('a|b')).toBe('`a\\|b`');
  });

  it('fences code blocks longer than any backtick run, without a language', () => {
    expect(codeBlock('SELECT 1;\n')).toBe('```\nSELECT 1;\n```');
    expect(codeBlock('```\nx\n```')).toBe('````\n```\nx\n```\n````');
  });
});

describe('links and mentions', () => {
  it('links only http(s) URLs', () => {
    expect(safeLink('docs', 'https://example.com/a')).toBe('[docs](https://example.com/a)');
    expect(safeLink('docs', 'javascript:alert(1)')).toBe('docs');
    expect(safeLink('docs', undefined)).toBe('docs');
  });

  it('leaves text without mentions alone', () => {
    expect(neutraliseMentions('user@ mail')).toBe('user@ mail');
  });
});
