import { defineRule } from './api/define-rule.js';

/** Reported by the Prisma review: a part of schema.prisma dbarch cannot read (Prisma likely cannot either). */
export default defineRule({
  id: 'prisma-syntax-error',
  summary: 'A part of schema.prisma that dbarch cannot read',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help: 'Run `prisma validate` and `prisma format`; fix what they report.',
});
