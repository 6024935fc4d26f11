import type { ReportFields } from './report.js';
import type { Risk, Severity } from '../../review-types/index.js';
import type { StatementContext, FileContext } from './sql-context.js';
import type { AlembicRuleContext } from './alembic-context.js';
import type { ModelRuleContext } from './model-context.js';
import type { PrismaRuleContext } from './prisma-context.js';

/**
 * A rule: one hazard, one file (`src/rules/<id>.ts`) with its documentation next to it
 * (`src/rules/<id>.md`, whose Invalid/Valid SQL examples the test suite executes).
 */
export interface Rule {
  /** kebab-case, stable: users suppress and configure rules by it. */
  id: string;
  /** One line: what the rule finds. */
  summary: string;
  /** Risk of a finding unless the report says otherwise. */
  risk: Risk;
  severity: Severity;
  /** The safe alternative, in one or two sentences. */
  help: string;
  /** `design` rules judge new schema; `safety` rules judge what a migration does to a running database. */
  category: 'safety' | 'design' | 'hygiene' | 'correctness';
  /** Report at most once per file (hygiene advice, e.g. a missing lock_timeout). */
  oncePerFile?: boolean;
  /**
   * Rules that say the same thing better about the same statement: when one of them reports the
   * statement, this rule's finding there is dropped (one concern, one finding).
   */
  defersTo?: readonly string[];
  /** Called for every parsed statement, in file order. */
  checkStatement?(context: StatementContext): void;
  /** Called once after the file's last statement. */
  checkFile?(context: FileContext): void;
  /** Called once per Alembic revision, with what dbarch read from its Python (upgrade/downgrade operations, revision graph). */
  checkAlembic?(context: AlembicRuleContext): void;
  /** Called once per SQLAlchemy/SQLModel model module, with the tables dbarch read from it. */
  checkModel?(context: ModelRuleContext): void;
  /** Called once per schema.prisma file, with its parsed models. */
  checkPrisma?(context: PrismaRuleContext): void;
}

export interface RuleReport extends ReportFields {
  /** AST location (byte offset into the statement) to underline; the whole statement when absent. */
  location?: number;
  /** Characters to underline from `location`; the token at `location` when absent. */
  length?: number;
  /** Explicit 1-based line range in the file, for findings not tied to a statement location. */
  lines?: { line: number; endLine: number };
}

export function defineRule(rule: Rule): Rule {
  if (!/^[a-z][a-z0-9-]*$/.test(rule.id)) throw new Error(`rule id must be kebab-case: ${rule.id}`);
  return rule;
}
