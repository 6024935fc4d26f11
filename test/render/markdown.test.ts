import { describe, expect, it } from '@jest/globals';
import type { FileReview, Review } from '../../src/review-types/index.js';
import { GITHUB_COMMENT_LIMIT, renderMarkdown, SUMMARY_MARKER } from '../../src/render/markdown.js';
import { hostileReview, riskyReview, safeReview } from './fixtures/reviews.js';

describe('renderMarkdown', () => {
  it('renders the summary a reviewer reads on the pull request', () => {
    expect(renderMarkdown(riskyReview())).toMatchSnapshot();
  });

  it('starts with the hidden marker the GitHub adapter finds its comment by', () => {
    expect(renderMarkdown(safeReview()).split('\n')[0]).toBe(SUMMARY_MARKER);
  });

  it('gives the verdict with an emoji per risk', () => {
    expect(renderMarkdown(safeReview())).toContain('## ✅ dbarch: safe');
    expect(renderMarkdown(riskyReview())).toContain('## 🛑 dbarch: destructive');
    expect(renderMarkdown({ ...safeReview(), risk: 'downtime' })).toContain('## ⚠️ dbarch: downtime');
  });

  it('shows what each statement locks', () => {
    expect(renderMarkdown(riskyReview())).toContain(
      '| 3 | `CREATE INDEX users_email_idx ON users (email)` | `users` SHARE, blocks writes | ⚠️ downtime |',
    );
  });

  it('shows the rollout plan only when the change is not safe', () => {
    expect(renderMarkdown(riskyReview())).toContain('### Safe rollout plan\n1. Back up `orders.legacy_status`');
    expect(renderMarkdown({ ...safeReview(), rolloutPlan: ['not shown'] })).not.toContain('rollout plan');
  });

  it('folds the statements of a safe file away', () => {
    expect(renderMarkdown(safeReview())).toMatchSnapshot();
  });

  it('puts fixes in a plain code block, never a suggestion block', () => {
    const markdown = renderMarkdown(riskyReview());
    expect(markdown).toContain('  ```\n  CREATE INDEX CONCURRENTLY users_email_idx ON users (email)\n  ```');
    expect(markdown).not.toContain('```suggestion');
  });
});

describe('renderMarkdown with text a pull request controls', () => {
  const markdown = renderMarkdown(hostileReview());

  it('lets no raw HTML through', () => {
    const withoutCode = markdown.replace(/(`+)[\s\S]*?\1/g, '');
    expect(withoutCode).not.toMatch(/<(script|img|b|i)\b/i);
    expect(markdown).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(markdown).toContain('Tell @\u200Doncall before `<script>` runs &lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('neutralises every @mention outside code', () => {
    const withoutCode = markdown.replace(/(`+)[\s\S]*?\1/g, '');
    expect(withoutCode).not.toMatch(/@[A-Za-z0-9]/);
    expect(markdown).toContain('cc @\u200Dsomeone and @\u200Dorg/team');
  });

  it('keeps table rows intact when a path or statement contains a pipe', () => {
    const row = markdown.split('\n').find((line) => line.startsWith('| 1 |'))!;
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6);
  });

  it('matches the snapshot of the escaped comment', () => {
    expect(markdown).toMatchSnapshot();
  });
});

describe('renderMarkdown size limit', () => {
  function hugeReview(fileCount: number): Review {
    const base = riskyReview();
    const template = base.files[1]!;
    const files: FileReview[] = Array.from({ length: fileCount }, (_, index) => {
      const path = `db/migrations/${String(index).padStart(5, '0')}_drop.sql`;
      return { ...template, path, findings: template.findings.map((finding) => ({ ...finding, path, help: 'x'.repeat(400) })) };
    });
    return { ...base, files, findings: files.flatMap((file) => file.findings) };
  }

  it('stays under the GitHub comment limit and says what it left out', () => {
    const markdown = renderMarkdown(hugeReview(400));
    expect(markdown.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(markdown).toMatch(/\d+ more files are not shown: this comment would exceed GitHub's size limit/);
    expect(markdown).toContain('… and 200 more files');
    expect(markdown).toContain('### Safe rollout plan');
    expect(markdown).toContain('### Not reviewed');
  });

  it('honours a smaller limit by falling back to compact file sections', () => {
    const review = hugeReview(3);
    const full = renderMarkdown(review);
    const limited = renderMarkdown(review, { maxLength: full.length - 500 });
    expect(limited.length).toBeLessThanOrEqual(full.length - 500 + 1);
    expect(limited).toContain('Statements, help and fixes left out to fit the comment size limit.');
  });

  it('cuts even the fixed parts when they alone are too long', () => {
    const review = { ...riskyReview(), rolloutPlan: Array.from({ length: 2_000 }, (_, index) => `Step ${index}: ${'y'.repeat(60)}`) };
    const markdown = renderMarkdown(review);
    expect(markdown.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(markdown).toContain("cut here: the rest would exceed GitHub's comment size limit");
  });
});
