import { defineRule } from './api/define-rule.js';

/**
 * Two revisions with the same down_revision make two heads: `alembic upgrade head` then refuses
 * to run ("Multiple head revisions are present"). It usually happens when two branches each add a
 * migration; whoever merges second must re-point down_revision or add a merge revision.
 */
export default defineRule({
  id: 'alembic-multiple-heads',
  summary: 'The change leaves the Alembic revision graph with more heads than before, so `alembic upgrade head` fails',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help: 'Point down_revision at the current head, or add a merge revision (`alembic merge heads`).',
  checkAlembic({ revision, graph, report }) {
    const id = revision.header.revision;
    if (!graph || !id || revision.header.branchLabels.length > 0) return;
    if (graph.headsAfter.length <= Math.max(1, graph.headsBefore.length) || !graph.headsAfter.includes(id)) return;
    const others = graph.headsAfter.filter((head) => head !== id);
    report({
      message:
        `After this change the revision graph has ${graph.headsAfter.length} heads (${graph.headsAfter.join(', ')}): revision "${id}" and ` +
        `${others.map((head) => `"${head}"`).join(', ')} both continue from the same history, so \`alembic upgrade head\` fails with ` +
        `"Multiple head revisions are present". Set down_revision to ${others.length === 1 ? `"${others[0]}"` : 'the current head'} ` +
        'if this revision comes after it, or add a merge revision with `alembic merge heads`.',
      ...(revision.header.downRevisionSpan ? { span: revision.header.downRevisionSpan } : {}),
    });
  },
});
