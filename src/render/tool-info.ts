import { readFileSync } from 'node:fs';

/**
 * dbarch's own name, version and home, read from package.json so outputs (SARIF's tool.driver,
 * `--version`, the summary footer) never disagree with what was installed. The path is the same
 * from src/render (tests, tsx) and dist/render (the published build).
 */
export interface ToolInfo {
  name: string;
  version: string;
  informationUri: string;
}

/** Where users read about dbarch when package.json names no homepage (the repository, as in docsUrl). */
const FALLBACK_INFORMATION_URI = 'https://github.com/dbarch-dev/dbarch';

let cached: ToolInfo | undefined;

export function toolInfo(): ToolInfo {
  if (cached) return cached;
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    name?: string;
    version?: string;
    homepage?: string;
  };
  cached = {
    name: manifest.name ?? 'dbarch',
    version: manifest.version ?? '0.0.0',
    informationUri: manifest.homepage ?? FALLBACK_INFORMATION_URI,
  };
  return cached;
}
