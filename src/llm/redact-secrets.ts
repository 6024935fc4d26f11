/**
 * Removes credentials from text before it leaves for a model endpoint (DESIGN.md: untrusted input is
 * never logged or sent with secrets). Migrations and models are where people paste connection
 * strings, `CREATE ROLE … PASSWORD`, API keys in seed data and tokens in comments.
 *
 * Every pattern stays within one line (a private key block keeps its line count), so the line
 * numbers the model cites still point at the same lines of the file.
 */
export const REDACTED = '[REDACTED]';

interface SecretPattern {
  name: string;
  pattern: RegExp;
  /** Replacement; `$1`… keep the non-secret parts (scheme, user, key name). */
  replace: string;
}

const SECRET_KEY =
  '[\\w-]*(?:password|passwd|secret|api[_-]?key|access[_-]?key|auth[_-]?token|access[_-]?token|private[_-]?key|client[_-]?secret)[\\w-]*';

const PATTERNS: SecretPattern[] = [
  // scheme://user:password@host — keep scheme and user so the reader still sees what it was.
  { name: 'connection string', pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"`]+):[^\s@/'"`]+@/gi, replace: `$1:${REDACTED}@` },
  // libpq keyword form: host=… password=secret
  { name: 'password', pattern: /\b(password|passwd|pwd)=(?!\[REDACTED\])[^\s;'"`()[\]]+(?![\w.()[\]])/gi, replace: `$1=${REDACTED}` },
  // CREATE/ALTER ROLE … PASSWORD 'secret'
  { name: 'role password', pattern: /\b(PASSWORD\s+)(E?'(?:[^']|'')*')/gi, replace: `$1'${REDACTED}'` },
  // key = "value" (Python, YAML, JSON, env files): any quoted value of a key named like a secret.
  {
    name: 'assigned secret',
    pattern: new RegExp(`\\b(${SECRET_KEY}["']?\\s*[:=]\\s*)(["'])(?!\\[REDACTED\\])[^"'\\n]{4,}\\2`, 'gi'),
    replace: `$1$2${REDACTED}$2`,
  },
  // key=value unquoted: only token-like values, so `password: Mapped[str]` or `api_key_id = 12` stay.
  {
    name: 'assigned secret',
    pattern: new RegExp(`\\b(${SECRET_KEY}\\s*[:=]\\s*)(?!\\[REDACTED\\])[A-Za-z0-9_+/=.~-]{12,}(?![\\w[(])`, 'gi'),
    replace: `$1${REDACTED}`,
  },
  { name: 'AWS access key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: REDACTED },
  { name: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})\b/g, replace: REDACTED },
  { name: 'OpenAI-style key', pattern: /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}\b/g, replace: REDACTED },
  { name: 'Stripe key', pattern: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g, replace: REDACTED },
  { name: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g, replace: REDACTED },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, replace: REDACTED },
  { name: 'JSON web token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, replace: REDACTED },
  { name: 'bearer token', pattern: /\b(Bearer\s+)[A-Za-z0-9._~+/-]{16,}=*/g, replace: `$1${REDACTED}` },
];

const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;

export interface Redaction {
  text: string;
  /** How many secrets were replaced, by kind (for the note the request carries). */
  counts: Record<string, number>;
}

export function redactSecrets(text: string): Redaction {
  const counts: Record<string, number> = {};
  const count = (name: string) => (counts[name] = (counts[name] ?? 0) + 1);
  let result = text.replace(PRIVATE_KEY_BLOCK, (block) => {
    count('private key');
    return block
      .split('\n')
      .map(() => REDACTED)
      .join('\n');
  });
  for (const { name, pattern, replace } of PATTERNS) {
    result = result.replace(pattern, (...match: string[]) => {
      count(name);
      return replace.replace(/\$(\d)/g, (_, group: string) => match[Number(group)] ?? '');
    });
  }
  return { text: result, counts };
}

export function redactionTotal(redaction: Redaction): number {
  return Object.values(redaction.counts).reduce((sum, value) => sum + value, 0);
}
