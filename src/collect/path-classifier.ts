import type { FileKind } from '../review-types/index.js';

/**
 * Decides what kind of file a repository-relative path is, with the config already applied (the CLI
 * binds `classifyPath(path, config, options)`). `explicit` is true when the user named the file
 * itself, so it is reviewed even outside the configured migration folders.
 */
export type PathClassifier = (path: string, options: { explicit: boolean }) => FileKind;

/** Migrations and models: what the base side contributes to the schema before the change. */
export function isSchemaKind(kind: FileKind): boolean {
  return kind !== 'other' && kind !== 'config';
}
