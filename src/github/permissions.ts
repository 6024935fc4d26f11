import { requestStatus } from './request-status.js';
import type { GitHub } from './target.js';

/**
 * Commands that change what dbarch reports need write access or above, asked of GitHub's
 * collaborator-permission API (author_association alone does not tell write from triage access).
 */
export async function canWrite(github: GitHub, owner: string, repo: string, username: string): Promise<boolean> {
  try {
    const { data } = await github.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username });
    const role = (data as { role_name?: string }).role_name;
    return data.permission === 'admin' || data.permission === 'write' || role === 'maintain' || role === 'write' || role === 'admin';
  } catch (error) {
    // 404: not a collaborator at all.
    if (requestStatus(error) === 404) return false;
    throw error;
  }
}
