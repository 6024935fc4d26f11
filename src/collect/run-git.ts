import { spawn } from 'node:child_process';
import { CollectError } from './collect-error.js';

/**
 * Runs git without a shell (arguments are never parsed by one, so a ref or path cannot inject a
 * command) and returns its raw stdout: paths and file contents are bytes, decoded by the caller.
 */
export class GitCommandError extends CollectError {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitCommandError';
  }
}

export interface RunGitOptions {
  cwd: string;
  /** Written to git's stdin, then stdin is closed (for `git cat-file --batch`). */
  input?: string;
}

export function runGit(args: readonly string[], options: RunGitOptions): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    // No pager, no prompts for credentials, no optional locks that would race a user's own git.
    const environment = { ...process.env, GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
    const child = spawn('git', args, { cwd: options.cwd, env: environment, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'ENOENT' ? 'git is not installed or not on PATH' : `cannot run git: ${error.message}`;
      reject(new GitCommandError(reason, null, ''));
    });
    child.on('close', (code) => {
      const errorText = Buffer.concat(stderr).toString('utf8').trim();
      if (code === 0) resolvePromise(Buffer.concat(stdout));
      else reject(new GitCommandError(`git ${args[0]} failed: ${errorText || `exit code ${code}`}`, code, errorText));
    });
    child.stdin.on('error', () => {
      // git may exit before reading all input (e.g. an unknown object); 'close' reports the failure.
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The top folder of the git checkout that contains `cwd`, or undefined outside of one. */
export async function findGitRoot(cwd: string): Promise<string | undefined> {
  try {
    return (await runGit(['rev-parse', '--show-toplevel'], { cwd })).toString('utf8').trim();
  } catch {
    return undefined;
  }
}
