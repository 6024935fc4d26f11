import { access, chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { CollectError } from '../collect/collect-error.js';
import { runGit } from '../collect/run-git.js';
import { DEFAULT_CONFIG_PATH } from '../config/load-config.js';
import { toolInfo } from '../render/tool-info.js';
import type { CliIo } from './cli-io.js';
import { detectProject } from './init-detect.js';
import { configFile, gitHookScript, preCommitFrameworkSnippet, workflowFile } from './init-files.js';

/**
 * `dbarch init`: detects the project's migrations, then writes .github/dbarch.yml and
 * .github/workflows/dbarch.yml, and with --pre-commit a git pre-commit hook. A file that exists is
 * kept unless --force says to replace it.
 */
export interface InitOptions {
  force?: boolean;
  preCommit?: boolean;
}

export const WORKFLOW_PATH = '.github/workflows/dbarch.yml';

export async function runInit(options: InitOptions, io: CliIo, root: string): Promise<number> {
  const layout = await detectProject(root);
  const found = layout.folders.map((entry) => `${entry.folder} (${entry.tool})`).join(', ');
  io.stdout.write(found ? `Migrations found in ${found}.\n` : 'No migrations found yet: the config keeps the defaults.\n');
  const actionRef = `dbarch-dev/dbarch@v${toolInfo().version}`;
  const files: { path: string; content: string; executable?: boolean }[] = [
    { path: join(root, DEFAULT_CONFIG_PATH), content: configFile(layout) },
    { path: join(root, WORKFLOW_PATH), content: workflowFile(layout, actionRef) },
  ];
  if (options.preCommit) files.push({ path: await gitHookPath(root), content: gitHookScript(), executable: true });
  let kept = 0;
  for (const file of files) {
    const shown = relative(io.cwd, file.path) || file.path;
    if (!options.force && (await exists(file.path))) {
      io.stdout.write(`  kept    ${shown} (it exists; --force replaces it)\n`);
      kept += 1;
      continue;
    }
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, file.content);
    if (file.executable) await chmod(file.path, 0o755);
    io.stdout.write(`  wrote   ${shown}\n`);
  }
  if (options.preCommit && (await exists(join(root, '.pre-commit-config.yaml')))) {
    io.stdout.write(
      `\nThis project uses the pre-commit framework; to run dbarch there, add to .pre-commit-config.yaml:\n\n${preCommitFrameworkSnippet(`v${toolInfo().version}`)}`,
    );
  }
  if (kept > 0) io.stdout.write(`${kept} existing file(s) left as they were.\n`);
  return 0;
}

/** Where git runs hooks from: core.hooksPath when set, else the git directory's hooks folder. */
async function gitHookPath(root: string): Promise<string> {
  let path: string;
  try {
    path = (await runGit(['rev-parse', '--git-path', 'hooks/pre-commit'], { cwd: root })).toString('utf8').trim();
  } catch {
    throw new CollectError(`--pre-commit writes a git hook, and ${root} is not a git checkout`);
  }
  return isAbsolute(path) ? path : join(root, path);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
