import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_CONFIG_PATH, defaultConfig, loadConfigFile } from '../config/load-config.js';
import type { Config, FailOn } from '../config/schema.js';

/**
 * The config a CLI run uses: `--config FILE`, else `.github/dbarch.yml` in the current folder or at
 * the git root, else the defaults; then the flags given on the command line win.
 */
export interface ConfigFlags {
  configFile?: string;
  pgVersion?: number;
  failOn?: FailOn;
}

export async function resolveConfig(flags: ConfigFlags, cwd: string, root: string): Promise<Config> {
  const file = flags.configFile ? resolve(cwd, flags.configFile) : await findConfigFile([cwd, root]);
  const config = file ? await loadConfigFile(file) : defaultConfig();
  return {
    ...config,
    ...(flags.pgVersion !== undefined ? { pgVersion: flags.pgVersion } : {}),
    ...(flags.failOn !== undefined ? { failOn: flags.failOn } : {}),
  };
}

async function findConfigFile(folders: readonly string[]): Promise<string | undefined> {
  for (const folder of new Set(folders)) {
    const candidate = join(folder, DEFAULT_CONFIG_PATH);
    const exists = await access(candidate).then(
      () => true,
      () => false,
    );
    if (exists) return candidate;
  }
  return undefined;
}
