/**
 * Slash commands in pull request comments: `/dbarch <name> [argument]`, on a line of its own
 * (quoted lines, `> /dbarch …`, are someone else's words and do not count). The first one wins.
 */
export type Command =
  | { name: 'help' }
  | { name: 'review' }
  | { name: 'explain'; target?: string }
  | { name: 'ack'; reason: string }
  | { name: 'unknown'; text: string };

const MAX_ARGUMENT = 1_000;

export function parseCommand(body: string | null | undefined): Command | undefined {
  if (!body) return undefined;
  let inFence = false;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('```') || line.startsWith('~~~')) inFence = !inFence;
    if (inFence) continue;
    const match = /^\/dbarch(?:\s+(\S+))?(?:\s+(.*))?$/i.exec(line);
    if (match) return commandOf((match[1] ?? 'help').toLowerCase(), (match[2] ?? '').trim().slice(0, MAX_ARGUMENT));
  }
  return undefined;
}

function commandOf(name: string, argument: string): Command {
  switch (name) {
    case 'help':
      return { name: 'help' };
    case 'review':
      return { name: 'review' };
    case 'explain':
      return argument ? { name: 'explain', target: argument.split(/\s+/)[0]! } : { name: 'explain' };
    case 'ack':
    case 'accept':
      return { name: 'ack', reason: argument };
    default:
      return { name: 'unknown', text: name };
  }
}

export const HELP_TEXT = [
  '**dbarch commands** (in a comment on this pull request):',
  '',
  '| Command | What it does |',
  '| --- | --- |',
  '| `/dbarch review` | Reviews the latest push again. |',
  '| `/dbarch explain <rule-id>` | Explains a rule: what it catches, why, and the safe way. |',
  '| `/dbarch explain <path>:<line>` | Explains the findings at that line of the latest review (in a review thread, `/dbarch explain` alone explains that thread). |',
  '| `/dbarch ack <reason>` | Accepts the reported risk of the latest push: the check passes, and the summary says who accepted it and why. A new push needs a new ack. |',
  '| `/dbarch help` | Shows this list. |',
  '',
  'Commands other than `help` need write access to the repository.',
].join('\n');
