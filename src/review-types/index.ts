/**
 * The shapes every layer shares (parse, analysis, rules, engine, renderers, adapters). They sit on
 * the ground floor so that nothing imports "up" into src/engine for a type.
 */
export * from './levels.js';
export * from './finding.js';
export type * from './changeset.js';
export type * from './locks.js';
export type * from './review.js';
