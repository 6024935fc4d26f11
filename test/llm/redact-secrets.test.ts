import { describe, expect, it } from '@jest/globals';
import { REDACTED, redactSecrets } from '../../src/llm/redact-secrets.js';

const redact = (text: string) => redactSecrets(text).text;

describe('redactSecrets', () => {
  it('removes the password of a connection string and keeps scheme, user and host', () => {
    const result = redactSecrets('-- copied from prod: postgresql://app_user:S3cr3t-Pa55@db.internal:5432/shop?sslmode=require\n');
    expect(result.text).toBe(`-- copied from prod: postgresql://app_user:${REDACTED}@db.internal:5432/shop?sslmode=require\n`);
    expect(result.text).not.toContain('S3cr3t');
    expect(result.counts).toEqual({ 'connection string': 1 });
  });

  it.each([
    ["CREATE ROLE reporting LOGIN PASSWORD 'hunter2';", "CREATE ROLE reporting LOGIN PASSWORD '[REDACTED]';"],
    ["ALTER USER app WITH ENCRYPTED PASSWORD 'it''s a secret';", "ALTER USER app WITH ENCRYPTED PASSWORD '[REDACTED]';"],
    [
      'dsn = "host=db port=5432 user=app password=Tr0ub4dor sslmode=verify-full"',
      'dsn = "host=db port=5432 user=app password=[REDACTED] sslmode=verify-full"',
    ],
    ["OPENAI_API_KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123'", "OPENAI_API_KEY = '[REDACTED]'"],
    ['"client_secret": "9f8e7d6c5b4a"', '"client_secret": "[REDACTED]"'],
    ['aws_access_key_id: AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id: [REDACTED]'],
    ["INSERT INTO tokens VALUES ('ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789');", "INSERT INTO tokens VALUES ('[REDACTED]');"],
    ['-- key: sk_live_4eC39HqLyjWDarjtT1zdp7dc', '-- key: [REDACTED]'],
    ['Authorization: Bearer abcdefghijklmnop1234567890', 'Authorization: Bearer [REDACTED]'],
  ])('redacts %s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('keeps the line count of a private key block, so cited line numbers stay right', () => {
    const text = 'a\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nxyz\n-----END RSA PRIVATE KEY-----\nb';
    const result = redact(text);
    expect(result.split('\n')).toHaveLength(text.split('\n').length);
    expect(result).not.toContain('MIIEow');
  });

  it('leaves schema code that only names secrets alone', () => {
    const code = [
      'password_hash: Mapped[str] = mapped_column(String(255))',
      'api_key_id = Column(BigInteger, ForeignKey("api_keys.id"))',
      'ALTER TABLE users ADD COLUMN password_digest text NOT NULL;',
      "op.add_column('users', sa.Column('secret_question', sa.Text()))",
      'engine = create_engine(os.environ["DATABASE_URL"])',
      'password=os.environ["DB_PASSWORD"]',
    ].join('\n');
    expect(redact(code)).toBe(code);
  });
});
