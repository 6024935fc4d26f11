import { defineRule } from './api/define-rule.js';

/**
 * Reported by the model review: the module is not valid Python, so the application (and Alembic's
 * autogenerate, which imports the models) fails to import it.
 */
export default defineRule({
  id: 'model-syntax-error',
  summary: 'The model module is not valid Python, so the application cannot import it',
  risk: 'safe',
  severity: 'error',
  category: 'correctness',
  help: 'Fix the Python syntax; `python -m py_compile <file>` shows the same error.',
});
