import { beforeAll, describe, expect, it } from '@jest/globals';
import { readAlembicRevision } from '../../src/parse/alembic/index.js';
import { loadPythonParser } from '../../src/parse/python/python-parser.js';
import { loadSqlParser } from '../../src/parse/sql/parse-sql.js';

/**
 * op.* calls → the DDL Alembic sends on PostgreSQL. The expected SQL is written the way
 * SQLAlchemy's PostgreSQL compiler spells it (`alembic upgrade --sql` prints the same text).
 */

beforeAll(async () => {
  await Promise.all([loadPythonParser(), loadSqlParser()]);
});

function revisionWith(body: string): string {
  const indented = body
    .trim()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  return `from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\nrevision = "b2"\ndown_revision = "a1"\n\n\ndef upgrade():\n${indented}\n`;
}

function sqlOf(body: string): string[] {
  const revision = readAlembicRevision(revisionWith(body));
  const unresolved = revision.upgradeOps.filter((item) => item.unresolved).map((item) => item.unresolved!.reason);
  expect(unresolved).toEqual([]);
  expect(revision.mapped.errors).toEqual([]);
  return revision.mapped.statements.map((statement) => statement.text.replace(/\s*\n\s*/g, ' '));
}

const TABLE: Array<[string, string, string[]]> = [
  [
    'add_column nullable',
    `op.add_column("orders", sa.Column("note", sa.Text(), nullable=True))`,
    ['ALTER TABLE orders ADD COLUMN note TEXT'],
  ],
  [
    'add_column NOT NULL with server_default',
    `op.add_column("orders", sa.Column("status", sa.String(length=20), nullable=False, server_default="new"))`,
    [`ALTER TABLE orders ADD COLUMN status VARCHAR(20) DEFAULT 'new' NOT NULL`],
  ],
  [
    'add_column with FK, index and unique',
    `op.add_column("orders", sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id", ondelete="CASCADE"), index=True, unique=True))`,
    [
      'ALTER TABLE orders ADD COLUMN user_id BIGINT',
      'ALTER TABLE orders ADD FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE',
      'ALTER TABLE orders ADD UNIQUE (user_id)',
      'CREATE INDEX ix_orders_user_id ON orders (user_id)',
    ],
  ],
  [
    'add_column types: timestamptz, JSONB, UUID, schema',
    `op.add_column("events", sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()")), schema="audit")
op.add_column("events", sa.Column("payload", postgresql.JSONB(astext_type=sa.Text())))
op.add_column("events", sa.Column("ref", postgresql.UUID(as_uuid=True)))`,
    [
      'ALTER TABLE audit.events ADD COLUMN at TIMESTAMP WITH TIME ZONE DEFAULT now()',
      'ALTER TABLE events ADD COLUMN payload JSONB',
      'ALTER TABLE events ADD COLUMN ref UUID',
    ],
  ],
  ['drop_column', `op.drop_column("orders", "legacy")`, ['ALTER TABLE orders DROP COLUMN legacy']],
  [
    'alter_column nullable, default, type, rename',
    `op.alter_column("orders", "total", existing_type=sa.Integer(), nullable=False, server_default=None, type_=sa.BigInteger(), new_column_name="amount")`,
    [
      'ALTER TABLE orders ALTER COLUMN total SET NOT NULL',
      'ALTER TABLE orders ALTER COLUMN total DROP DEFAULT',
      'ALTER TABLE orders ALTER COLUMN total TYPE BIGINT',
      'ALTER TABLE orders RENAME total TO amount',
    ],
  ],
  [
    'alter_column with postgresql_using',
    `op.alter_column("orders", "total", type_=sa.Numeric(10, 2), postgresql_using="total::numeric(10,2)")`,
    ['ALTER TABLE orders ALTER COLUMN total TYPE NUMERIC(10, 2) USING total::numeric(10,2)'],
  ],
  [
    'alter_column set default, drop not null',
    `op.alter_column("orders", "flag", nullable=True, server_default=sa.false())`,
    ['ALTER TABLE orders ALTER COLUMN flag DROP NOT NULL', 'ALTER TABLE orders ALTER COLUMN flag SET DEFAULT false'],
  ],
  [
    'create_index unique, concurrently, where',
    `op.create_index("ix_orders_open", "orders", ["customer_id", "created_at"], unique=True, postgresql_concurrently=True, postgresql_where=sa.text("closed_at IS NULL"))`,
    ['CREATE UNIQUE INDEX CONCURRENTLY ix_orders_open ON orders (customer_id, created_at) WHERE closed_at IS NULL'],
  ],
  [
    'create_index using gin, text element',
    `op.create_index(op.f("ix_docs_body"), "docs", [sa.text("to_tsvector('english', body)")], postgresql_using="gin")`,
    [`CREATE INDEX ix_docs_body ON docs USING gin (to_tsvector('english', body))`],
  ],
  [
    'drop_index',
    `op.drop_index("ix_a", table_name="orders")
op.drop_index("ix_b", table_name="orders", postgresql_concurrently=True, if_exists=True)`,
    ['DROP INDEX ix_a', 'DROP INDEX CONCURRENTLY IF EXISTS ix_b'],
  ],
  [
    'create_foreign_key with ondelete and NOT VALID',
    `op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"], ondelete="SET NULL", postgresql_not_valid=True)`,
    ['ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE SET NULL NOT VALID'],
  ],
  [
    'unique, check and primary key constraints',
    `op.create_unique_constraint("uq_users_email", "users", ["email"])
op.create_check_constraint("ck_orders_total", "orders", "total >= 0")
op.create_primary_key("pk_tags", "tags", ["id"])`,
    [
      'ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email)',
      'ALTER TABLE orders ADD CONSTRAINT ck_orders_total CHECK (total >= 0)',
      'ALTER TABLE tags ADD CONSTRAINT pk_tags PRIMARY KEY (id)',
    ],
  ],
  [
    'drop_constraint',
    `op.drop_constraint("fk_orders_user", "orders", type_="foreignkey")`,
    ['ALTER TABLE orders DROP CONSTRAINT fk_orders_user'],
  ],
  [
    'create_table with serial PK, enum, FK, index, unique, server defaults',
    `op.create_table(
    "users",
    sa.Column("id", sa.BigInteger(), primary_key=True),
    sa.Column("email", sa.String(255), nullable=False, unique=True),
    sa.Column("org_id", sa.Integer(), sa.ForeignKey("orgs.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("mood", sa.Enum("happy", "sad", name="mood"), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint("email <> ''", name="ck_users_email"),
)`,
    [
      `CREATE TYPE mood AS ENUM ('happy', 'sad')`,
      'CREATE TABLE users ( id BIGSERIAL NOT NULL, email VARCHAR(255) NOT NULL, org_id INTEGER NOT NULL, mood mood, ' +
        'created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, PRIMARY KEY (id), UNIQUE (email), ' +
        `CONSTRAINT ck_users_email CHECK (email <> ''), FOREIGN KEY(org_id) REFERENCES orgs (id) ON DELETE CASCADE )`,
      'CREATE INDEX ix_users_org_id ON users (org_id)',
    ],
  ],
  [
    'create_table with composite PK constraint and identity',
    `op.create_table(
    "memberships",
    sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
    sa.Column("user_id", sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint("id", name="pk_memberships"),
    sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="RESTRICT"),
)`,
    [
      'CREATE TABLE memberships ( id BIGINT GENERATED ALWAYS AS IDENTITY NOT NULL, user_id BIGINT NOT NULL, ' +
        'CONSTRAINT pk_memberships PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE RESTRICT )',
    ],
  ],
  [
    'drop_table and rename_table',
    `op.drop_table("old_things")
op.rename_table("customers", "clients")`,
    ['DROP TABLE old_things', 'ALTER TABLE customers RENAME TO clients'],
  ],
  [
    'batch_alter_table becomes plain ALTERs',
    `with op.batch_alter_table("orders", schema=None) as batch_op:
    batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
    batch_op.alter_column("total", existing_type=sa.Integer(), nullable=False)
    batch_op.create_index(batch_op.f("ix_orders_note"), ["note"], unique=False)
    batch_op.drop_column("legacy")`,
    [
      'ALTER TABLE orders ADD COLUMN note TEXT',
      'ALTER TABLE orders ALTER COLUMN total SET NOT NULL',
      'CREATE INDEX ix_orders_note ON orders (note)',
      'ALTER TABLE orders DROP COLUMN legacy',
    ],
  ],
  [
    'execute with a string, sa.text and a connection',
    `op.execute("UPDATE orders SET status = 'new' WHERE status IS NULL")
op.execute(sa.text("DELETE FROM sessions WHERE expired"))
conn = op.get_bind()
conn.execute(sa.text("ANALYZE orders"))`,
    [`UPDATE orders SET status = 'new' WHERE status IS NULL`, 'DELETE FROM sessions WHERE expired', 'ANALYZE orders'],
  ],
  [
    'bulk_insert',
    `roles = sa.table("roles", sa.column("name", sa.String), sa.column("admin", sa.Boolean))
op.bulk_insert(roles, [{"name": "owner", "admin": True}, {"name": "viewer", "admin": False}])`,
    [`INSERT INTO roles (name, admin) VALUES ('owner', true), ('viewer', false)`],
  ],
  [
    'reserved and mixed-case names are quoted',
    `op.add_column("user", sa.Column("Order", sa.Integer()))`,
    ['ALTER TABLE "user" ADD COLUMN "Order" INTEGER'],
  ],
];

describe('op.* → PostgreSQL DDL', () => {
  it.each(TABLE)('%s', (_name, body, expected) => {
    expect(sqlOf(body).filter((text) => !/^(COMMIT|BEGIN)$/.test(text))).toEqual(expected);
  });
});

describe('autocommit_block', () => {
  it('commits before the block and begins again after it', () => {
    const statements = sqlOf(`op.add_column("orders", sa.Column("note", sa.Text()))
with op.get_context().autocommit_block():
    op.create_index("ix_orders_note", "orders", ["note"], postgresql_concurrently=True)
op.drop_column("orders", "legacy")`);
    expect(statements).toEqual([
      'ALTER TABLE orders ADD COLUMN note TEXT',
      'COMMIT',
      'CREATE INDEX CONCURRENTLY ix_orders_note ON orders (note)',
      'BEGIN',
      'ALTER TABLE orders DROP COLUMN legacy',
    ]);
  });
});

describe('what cannot be resolved statically', () => {
  it.each([
    ['a table name from a function', `op.add_column(name_of("orders"), sa.Column("x", sa.Text()))`, /table name is a call to name_of/],
    ['a custom column type', `op.add_column("orders", sa.Column("x", MyType()))`, /MyType, which dbarch cannot map/],
    ['an f-string', 'op.execute(f"UPDATE {table} SET x = 1")', /f-string/],
    ['an unknown operation', `op.create_sequence("s")`, /not an operation dbarch translates/],
  ])('%s is reported, not guessed', (_name, body, reason) => {
    const revision = readAlembicRevision(revisionWith(body));
    expect(revision.mapped.statements).toEqual([]);
    expect(revision.upgradeOps[0]!.unresolved?.reason).toMatch(reason);
  });

  it('follows helpers without arguments and reports helpers with arguments', () => {
    const source = revisionWith('_add_note()\nbackfill(op.get_bind())').replace(
      'def upgrade',
      'def _add_note():\n    op.add_column("orders", sa.Column("note", sa.Text()))\n\n\ndef upgrade',
    );
    const revision = readAlembicRevision(source);
    expect(revision.mapped.statements.map((statement) => statement.text)).toEqual(['ALTER TABLE orders ADD COLUMN note TEXT']);
    expect(revision.opaque.map((call) => call.what)).toEqual(['the call backfill(…)']);
  });

  it('unrolls loops over literal lists', () => {
    expect(sqlOf('for name in ["a", "b"]:\n    op.drop_column(name, "legacy")')).toEqual([
      'ALTER TABLE a DROP COLUMN legacy',
      'ALTER TABLE b DROP COLUMN legacy',
    ]);
  });
});
