import { join } from 'node:path';
import * as prettier from 'prettier';

/**
 * Formats a generated Markdown or JSON file the way `prettier --check` (part of `npm run lint`)
 * expects it, using the repository's Prettier settings. Files Prettier is told to ignore, and
 * other file types, are returned as they are.
 */
export async function formatGenerated(root: string, path: string, content: string): Promise<string> {
  if (!/\.(md|json)$/.test(path)) return content;
  const filepath = join(root, path);
  const info = await prettier.getFileInfo(filepath, { ignorePath: join(root, '.prettierignore') });
  if (info.ignored || !info.inferredParser) return content;
  const options = (await prettier.resolveConfig(filepath)) ?? {};
  return prettier.format(content, { ...options, filepath });
}
