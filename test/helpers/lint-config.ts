import { reviewConfigFile } from '../../src/engine/files/config-file.js';
import type { Finding } from '../../src/review-types/index.js';

/** Reviews a changed `.github/dbarch.yml` as the engine does for a pull request that edits it. */
export async function lintConfig(yaml: string): Promise<Finding[]> {
  return reviewConfigFile('.github/dbarch.yml', yaml).findings;
}
