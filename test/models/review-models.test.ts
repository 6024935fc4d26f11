import { describe, expect, it } from '@jest/globals';
import { lintModel, modelFindings } from './lint-model.js';

/** The model review through the engine: quietness, change-only findings, Python lines, suppressions, missing migrations. */

const WELL_DESIGNED_2_0 = `from datetime import datetime
from decimal import Decimal
from typing import List, Optional
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    email: Mapped[str] = mapped_column(sa.Text, unique=True)
    preferences: Mapped[dict] = mapped_column(postgresql.JSONB, server_default="{}")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    orders: Mapped[List["Order"]] = relationship(back_populates="customer", lazy="raise")


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id", ondelete="RESTRICT"), index=True)
    total: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    note: Mapped[Optional[str]] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now(), onupdate=sa.func.now())
    customer: Mapped["Customer"] = relationship(back_populates="orders")
`;

const WELL_DESIGNED_SQLMODEL = `from datetime import datetime
from decimal import Decimal
from typing import Optional
import sqlalchemy as sa
from sqlmodel import Column, DateTime, Field, Relationship, SQLModel


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True, sa_type=sa.BigInteger)
    name: str = Field(unique=True)
    heroes: list["Hero"] = Relationship(back_populates="team", sa_relationship_kwargs={"lazy": "selectin"})


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True, sa_type=sa.BigInteger)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", ondelete="SET NULL", index=True)
    salary: Decimal = Field(sa_type=sa.Numeric(12, 2))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, server_default=sa.func.now()))
    team: Optional[Team] = Relationship(back_populates="heroes")
`;

const MIGRATION = (tables: string[]) => ({
  path: 'alembic/versions/0002_models.py',
  status: 'added' as const,
  content: `from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"


def upgrade():
${tables.map((name) => `    op.add_column("${name}", sa.Column("touched", sa.Text(), nullable=True))`).join('\n')}


def downgrade():
${tables.map((name) => `    op.drop_column("${name}", "touched")`).join('\n')}
`,
});

describe('quietness', () => {
  it('gives a well-designed SQLAlchemy 2.0 module with its migration no model findings', async () => {
    const findings = await lintModel(WELL_DESIGNED_2_0, { others: [MIGRATION(['customers', 'orders'])] });
    expect(findings.filter((finding) => finding.path === 'app/models.py')).toEqual([]);
  });
  it('gives a well-designed SQLModel module with its migration no model findings', async () => {
    const findings = await lintModel(WELL_DESIGNED_SQLMODEL, { others: [MIGRATION(['team', 'hero'])] });
    expect(findings.filter((finding) => finding.path === 'app/models.py')).toEqual([]);
  });
});

describe('findings on the model lines', () => {
  it('reports at the Python line and column of the offending type', async () => {
    const python = WELL_DESIGNED_2_0.replace('sa.Numeric(12, 2)', 'sa.Float').replace(
      'mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())\n    orders',
      'mapped_column(sa.DateTime, server_default=sa.func.now())\n    orders',
    );
    const findings = await lintModel(python, { others: [MIGRATION(['customers', 'orders'])] });
    const lines = python.split('\n');
    const money = findings.find((finding) => finding.ruleId === 'model-float-for-money')!;
    expect(lines[money.line - 1]!.slice(money.column! - 1, money.endColumn! - 1)).toBe('sa.Float');
    const timestamp = findings.find((finding) => finding.ruleId === 'model-datetime-without-timezone')!;
    expect(lines[timestamp.line - 1]).toContain('created_at: Mapped[datetime] = mapped_column(sa.DateTime, ');
    expect(timestamp.message).toMatch(/Customer\.created_at.*TIMESTAMP WITHOUT TIME ZONE.*timezone=True/);
  });
});

describe('modified modules', () => {
  const base = `import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Legacy(Base):
    __tablename__ = "legacy"

    id = sa.Column(sa.Integer, primary_key=True)
    seen_at = sa.Column(sa.DateTime)
    owner_id = sa.Column(sa.Integer, sa.ForeignKey("users.id"))
`;
  it('judges only new or changed columns', async () => {
    const head = base + '    payload = sa.Column(sa.JSON)\n';
    const findings = await lintModel(head, { base });
    expect(findings.map((finding) => finding.ruleId).sort()).toEqual(['model-change-without-migration', 'model-json-not-jsonb']);
  });
  it('reports nothing when a change touches no schema', async () => {
    const head = base + '\n    def __repr__(self):\n        return f"<Legacy {self.id}>"\n';
    expect(await lintModel(head, { base })).toEqual([]);
  });
});

describe('suppressions', () => {
  it('honours a # dbarch-ignore comment above the attribute and reports one without a reason', async () => {
    const python = `import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Event(Base):
    __tablename__ = "events"

    id = sa.Column(sa.BigInteger, primary_key=True)
    # dbarch-ignore model-json-not-jsonb: payloads are archived verbatim, key order matters
    payload = sa.Column(sa.JSON, nullable=False)
    # dbarch-ignore model-datetime-without-timezone
    seen_at = sa.Column(sa.DateTime, nullable=False)
`;
    const findings = await lintModel(python, { others: [MIGRATION(['events'])] });
    expect(findings.filter((finding) => finding.path === 'app/models.py').map((finding) => finding.ruleId)).toEqual([
      'suppression-without-reason',
    ]);
  });
});

describe('model-change-without-migration', () => {
  const model = `import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Coupon(Base):
    __tablename__ = "coupons"

    id = sa.Column(sa.BigInteger, primary_key=True)
    code = sa.Column(sa.Text, nullable=False, unique=True)
`;
  const changed = model + '    expires_at = sa.Column(sa.DateTime(timezone=True))\n';

  it('reports a changed column on its line when no migration comes with it', async () => {
    const [finding] = await modelFindings('model-change-without-migration', changed, { base: model });
    expect(finding).toMatchObject({ line: 12, severity: 'warning' });
    expect(finding!.message).toMatch(/adds column "expires_at" of "coupons".*no migration/);
  });
  it('is satisfied by an Alembic revision touching the table', async () => {
    expect(await modelFindings('model-change-without-migration', changed, { base: model, others: [MIGRATION(['coupons'])] })).toEqual([]);
  });
  it('is satisfied by a SQL migration touching the table', async () => {
    const sql = {
      path: 'db/migrations/0002_coupons.sql',
      status: 'added' as const,
      content: 'ALTER TABLE coupons ADD COLUMN expires_at timestamptz;',
    };
    expect(await modelFindings('model-change-without-migration', changed, { base: model, others: [sql] })).toEqual([]);
  });
  it('is not satisfied by a migration of another table', async () => {
    expect(await modelFindings('model-change-without-migration', changed, { base: model, others: [MIGRATION(['orders'])] })).toHaveLength(
      1,
    );
  });
  it('stays silent when a migration of the change calls helpers it cannot follow', async () => {
    const opaque = MIGRATION(['orders']);
    opaque.content = opaque.content.replace('def upgrade():\n', 'def upgrade():\n    create_everything(op)\n');
    expect(await modelFindings('model-change-without-migration', changed, { base: model, others: [opaque] })).toEqual([]);
  });
  it('does not ask for a migration when a model is added for a table the base already has', async () => {
    const findings = await lintModel(model, {});
    expect(findings.filter((finding) => finding.ruleId === 'model-change-without-migration')).toHaveLength(1);
    const { review } = await import('../../src/engine/review.js');
    const { defaultConfig } = await import('../../src/config/load-config.js');
    const result = await review(
      {
        files: [{ path: 'app/models.py', status: 'added', content: model }],
        baseFiles: [
          { path: 'db/migrations/0001_init.sql', content: 'CREATE TABLE coupons (id bigint PRIMARY KEY, code text NOT NULL UNIQUE);' },
        ],
      },
      defaultConfig(),
    );
    expect(result.findings.filter((finding) => finding.ruleId === 'model-change-without-migration')).toEqual([]);
  });
});

describe('robustness', () => {
  it('reports malformed Python as a finding instead of crashing', async () => {
    const findings = await lintModel(
      'import sqlalchemy as sa\nclass A(Base):\n    __tablename__ = "a"\n    id = sa.Column(sa.Integer, primary_key=True\n',
    );
    expect(findings.some((finding) => finding.ruleId === 'model-syntax-error' && finding.line >= 1)).toBe(true);
  });
});
